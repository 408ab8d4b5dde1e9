package dev.zom.format;

import dev.zom.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child JVM rewriting one entry in a loop is killed with SIGKILL many times; the entry always holds one complete
 * value and nothing else ever appears in {@code .meta}.
 */
@Tag("crash")
class AtomicWriteCrashTest
{
    private static final int KILLS = 25;

    @TempDir
    Path root;

    @Test
    @Timeout(180)
    void anEntryShouldAlwaysHoldOneCompleteValueAfterKillMinusNine() throws Exception
    {
        final String location = root.resolve("shot").toString();
        final SplittableRandom random = new SplittableRandom(9);
        for (int kill = 0; kill < KILLS; kill++)
        {
            try (ChildJvm child = ChildJvm.start(RewriteLoop.class, root.toString(), location))
            {
                assertThat(child.readLine(60_000)).isEqualTo("ready");
                Thread.sleep(random.nextInt(5, 150));
                child.kill9();
            }
            final String value = ((Value.StringValue)MetaReader.read(location, "counter")).value();
            final String i = value.substring(0, value.indexOf(':'));
            assertThat(value).isEqualTo(RewriteLoop.valueFor(Long.parseLong(i)));
            try (Stream<Path> meta = Files.list(root.resolve("shot/.meta")))
            {
                assertThat(meta.map(p -> p.getFileName().toString())).containsExactly("counter.string");
            }
        }
    }
}
