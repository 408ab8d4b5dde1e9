package dev.zom.tools;

import dev.zom.broker.Broker;
import dev.zom.broker.BrokerContext;
import dev.zom.lock.LockFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zom write --direct}, {@code zom read} and {@code zom ls} through {@code CommandLine.execute}.
 */
class DirectCommandsTest
{
    @TempDir
    Path dir;

    @Test
    void writeShouldReadTheValueAsJsonWhenItParses() throws Exception
    {
        final String shot = dir.resolve("shot").toString();
        assertThat(run("write", "--direct", shot, "frames", "42").exitCode()).isZero();
        assertThat(run("write", "--direct", shot, "ratio", "1.5").exitCode()).isZero();
        assertThat(run("write", "--direct", shot, "done", "true").exitCode()).isZero();
        assertThat(run("write", "--direct", shot, "range", "[1, 2]").exitCode()).isZero();
        assertThat(run("write", "--direct", shot, "quoted", "\"x\"").exitCode()).isZero();
        assertThat(run("write", "--direct", shot, "nothing", "null").exitCode()).isZero();
        assertThat(run("write", "--direct", shot, "artist", "alice smith").exitCode()).isZero();
        final Path meta = dir.resolve("shot/.meta");
        assertThat(Files.readString(meta.resolve("frames.int"))).isEqualTo("42");
        assertThat(Files.readString(meta.resolve("ratio.float"))).isEqualTo("1.5");
        assertThat(Files.readString(meta.resolve("done.bool"))).isEqualTo("true");
        assertThat(Files.readString(meta.resolve("range.tuple"))).isEqualTo("[1, 2]");
        assertThat(Files.readString(meta.resolve("quoted.string"))).isEqualTo("\"x\"");
        assertThat(Files.readString(meta.resolve("nothing.null"))).isEmpty();
        assertThat(Files.readString(meta.resolve("artist.string"))).isEqualTo("\"alice smith\"");
    }

    @Test
    void aDirectWriteShouldSayWhoHoldsTheLockItWaitsFor() throws Exception
    {
        final Path shot = dir.resolve("shot");
        final LockFile held = LockFile.tryAcquire(shot, "frames", "render 7", Duration.ofSeconds(10)).orElseThrow();
        final Thread release = new Thread(() ->
        {
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            held.close();
        });
        release.start();
        final CommandResult result = run("write", "--direct", shot.toString(), "frames", "42");
        release.join();
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("zom: waiting up to 30 s for " + LockFile.pathOf(shot, "frames") +
            ", held by host=", "client=render 7", "lease_ms=10000").doesNotContain("token=");
        assertThat(Files.readString(shot.resolve(".meta/frames.int"))).isEqualTo("42");
    }

    @Test
    void aDirectWriteIntoABrokersTreeShouldSaySoOnceAndWrite() throws Exception
    {
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            final Path root = broker.context().roots().get(0);
            final Path lines = Files.writeString(dir.resolve("lines.jsonl"),
                "{\"location\": \"" + root.resolve("a") + "\", \"metapath\": \"x\", \"value\": 1}\n" +
                "{\"location\": \"" + root.resolve("b") + "\", \"metapath\": \"x\", \"value\": 2}\n");
            final CommandResult result = run("write", "--direct", "--from", lines.toString());
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.err()).startsWith("zom: note: " + root.resolve("a") + " is under the root=" + root +
                " of a live broker (host=").contains("drop --direct").hasLineCount(1);
            assertThat(Files.readString(root.resolve("b/.meta/x.int"))).isEqualTo("2");
        }
        assertThat(run("write", "--direct", dir.resolve("data/c").toString(), "x", "3").err()).isEmpty();
    }

    @Test
    void typeShouldForceTheSuffix() throws Exception
    {
        final String shot = dir.resolve("shot").toString();
        assertThat(run("write", "--direct", shot, "frames", "42", "--type", "string").exitCode()).isZero();
        assertThat(run("write", "--direct", shot, "scale", "2", "--type", "float").exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("shot/.meta/frames.string"))).isEqualTo("\"42\"");
        assertThat(Files.readString(dir.resolve("shot/.meta/scale.float"))).isEqualTo("2.0");
    }

    @Test
    void readShouldPrintTheStoredValueAndLsTheEntriesWithTypes()
    {
        final String shot = dir.resolve("shot").toString();
        run("write", "--direct", shot, "frames", "42");
        run("write", "--direct", shot, "address/street", "Code St 5");
        run("write", "--direct", shot, "nothing", "null");
        assertThat(run("read", "--direct", shot, "frames").out()).isEqualTo("42\n");
        assertThat(run("read", "--direct", shot, "ADDRESS/street").out()).isEqualTo("\"Code St 5\"\n");
        assertThat(run("read", "--direct", shot, "nothing").out()).isEqualTo("null\n");
        assertThat(run("ls", "--direct", shot).out()).isEqualTo("address\tdict\nframes\tint\nnothing\tnull\n");
        assertThat(run("ls", "--direct", shot, "address").out()).isEqualTo("street\tstring\n");
    }

    @Test
    void fromShouldWriteEveryLineAndReportTheCount() throws Exception
    {
        final Path lines = dir.resolve("writes.jsonl");
        final String shot = dir.resolve("shot").toString();
        Files.writeString(lines, String.join("\n",
            "{\"location\": \"" + shot + "\", \"metapath\": \"a\", \"value\": 1}",
            "",
            "{\"location\": \"" + shot + "\", \"metapath\": \"nan\", \"value\": NaN}",
            "{\"location\": \"" + shot + "\", \"metapath\": \"ninf\", \"value\": -Infinity, \"type\": \"float\"}",
            "{\"location\": \"" + shot + "\", \"metapath\": \"t\", \"value\": \"x\", \"type\": \"text\"}"));
        final CommandResult result = run("write", "--direct", "--from", lines.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("wrote 4 entries");
        assertThat(Files.readString(dir.resolve("shot/.meta/nan.float"))).isEqualTo("NaN");
        assertThat(Files.readString(dir.resolve("shot/.meta/ninf.float"))).isEqualTo("-Infinity");
        assertThat(Files.readString(dir.resolve("shot/.meta/t.text"))).isEqualTo("\"x\"");
    }

    @Test
    void aBadLineShouldFailNamingItAndWriteNothing() throws Exception
    {
        final Path lines = dir.resolve("writes.jsonl");
        final String shot = dir.resolve("shot").toString();
        Files.writeString(lines, "{\"location\": \"" + shot + "\", \"metapath\": \"a\", \"value\": 1}\n"
            + "{\"location\": \"" + shot + "\", \"metapath\": \"b\", \"value\": 1.5, \"type\": \"int\"}\n");
        final CommandResult result = run("write", "--direct", "--from", lines.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("line 2").doesNotContain("\tat ");
        assertThat(result.err().lines().count()).isEqualTo(1);
        assertThat(Files.exists(dir.resolve("shot"))).isFalse();
    }

    @Test
    void usageErrorsShouldExitWithTwoAndOneLine()
    {
        final String shot = dir.resolve("shot").toString();
        for (final CommandResult result : new CommandResult[] {
            run("write", "--direct", shot, "x"),
            run("write", "--direct", shot, "x", "1", "--type", "blob"),
            run("write", "--direct", "--from", "x.jsonl", shot),
            run("read", "--direct", shot),
            run("frobnicate")})
        {
            assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
            assertThat(result.err().lines().count()).as(result.err()).isEqualTo(1);
            assertThat(result.err()).startsWith("zom: ");
        }
        assertThat(Files.exists(dir.resolve("shot"))).isFalse();
    }

    @Test
    void otherErrorsShouldExitWithOneAndOneLine() throws Exception
    {
        final String shot = dir.resolve("shot").toString();
        final CommandResult badName = run("write", "--direct", shot, "v1.2", "5");
        final CommandResult outside = run("write", "--direct", "--root", dir.resolve("root").toString(), shot, "x",
            "1");
        final CommandResult missing = run("read", "--direct", shot, "nothing");
        for (final CommandResult result : new CommandResult[] {badName, outside, missing})
        {
            assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
            assertThat(result.err().lines().count()).as(result.err()).isEqualTo(1);
        }
        assertThat(badName.err()).contains("unknown type=2");
        assertThat(outside.err()).contains("outside the roots");
        try (Stream<Path> files = Files.walk(dir))
        {
            assertThat(files.filter(p -> p.toString().contains(".meta"))).isEmpty();
        }
    }

    @Test
    void helpShouldListTheCommands()
    {
        final CommandResult result = run("--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("write", "read", "ls");
    }

    private static CommandResult run(final String... args)
    {
        return CommandResult.run(args);
    }
}
