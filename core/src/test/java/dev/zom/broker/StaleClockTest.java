package dev.zom.broker;

import dev.zom.ChildJvm;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import dev.zom.recovery.BrokerMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker started on a host whose clock is two days behind (a file server booted with a stale clock, before NTP put
 * it right) applies every write it acknowledges. Its journal appended them in a cycle two days before the records
 * already there, under lower indices: the disk writer, past those, never read them, not after the clock was put
 * right either, and retention would have deleted their cycle. The clock is set back for the child broker alone, with
 * Debian's libfaketime ({@code faketime}, which {@code .ci/run} installs).
 */
@Timeout(120)
class StaleClockTest
{
    @TempDir
    Path dir;

    @Test
    void writesAcknowledgedWithTheClockTwoDaysBackShouldBeApplied() throws Exception
    {
        final String shot = dir.resolve("data/shot").toString();
        final long before;
        try (ChildJvm broker = ChildJvm.start(BrokerMain.class, dir.toString(), "batch");
            ZomClient client = ZomClient.connect(BrokerMain.routerOf(broker), null))
        {
            before = client.writeAcked(shot, "frames", Value.of(1L)).journalIndex();
            Await.until("the first write applied", 30_000, () -> Files.exists(Path.of(shot, ".meta/frames.int")));
        }
        try (ChildJvm broker = ChildJvm.startReadingErrors(twoDaysBack(), BrokerMain.class, dir.toString(), "batch"))
        {
            assertThat(broker.lineContaining("zom-journal: the wall clock"))
                .contains("is behind the start of the journal's newest cycle");
            try (ZomClient client = ZomClient.connect(broker.lineContaining("endpoints ").split(" ")[2], null))
            {
                assertThat(client.writeAcked(shot, "frames", Value.of(2L)).journalIndex())
                    .as("journal index of a write acknowledged after the clock was set back").isGreaterThan(before);
                client.writeAcked(shot, "status", Value.of("final"));
                assertThat(ZomClient.counter(client.stat(), "zom_journal_clock_behind_seconds"))
                    .as("the gauge: two days back from a time in the newest cycle's day")
                    .isBetween(Duration.ofDays(1).toSeconds() - 60, Duration.ofDays(2).toSeconds());
            }
            broker.kill9();
        }
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            assertThat(broker.appliedIndices()).as("a disk writer").isNotEmpty();
            Await.until("both writes acknowledged with the clock behind applied, once it is right", 30_000,
                () -> Files.exists(Path.of(shot, ".meta/status.string")));
            assertThat(Files.readString(Path.of(shot, ".meta/frames.int"))).isEqualTo("2");
        }
    }

    /** The environment that sets a child's wall clock two days back (its monotonic clock left alone). */
    private static Map<String, String> twoDaysBack()
    {
        try (Stream<Path> libraries = Stream.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib")
            .map(folder -> Path.of(folder, "faketime", "libfaketimeMT.so.1")))
        {
            final Path library = libraries.filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                new AssertionError("no libfaketime: apt-get install faketime (.ci/run does)"));
            return Map.of("LD_PRELOAD", library.toString(), "FAKETIME", "-2d", "FAKETIME_DONT_FAKE_MONOTONIC", "1",
                "FAKETIME_NO_CACHE", "1");
        }
    }
}
