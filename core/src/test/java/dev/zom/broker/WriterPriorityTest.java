package dev.zom.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The disk writers run at a lower CPU priority than the rest of the broker: their Linux nice value, read back from
 * {@code /proc}, is the configured one (10 by default), while the ring threads keep the process's.
 */
class WriterPriorityTest
{
    @TempDir
    Path dir;

    @Test
    void writersShouldRunAtTheConfiguredNiceValueAndTheRingAtTheProcesses()
    {
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir.resolve("a")).writerNice(7)))
        {
            Await.until("the writer at nice 7", 10_000, () -> niceOf("zom-writer").equals(List.of(7)));
            assertThat(broker.context().writerNice()).isEqualTo(7);
            assertThat(niceOf("zom-ring")).isNotEmpty().containsOnly(nice(read(Path.of("/proc/thread-self/stat"))));
        }
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir.resolve("b"))))
        {
            Await.until("the writer at nice 10", 10_000, () -> niceOf("zom-writer").equals(List.of(10)));
            assertThat(broker.context().writerNice()).isEqualTo(10);
        }
    }

    @Test
    void aNiceValueOutsideZeroToNineteenShouldBeRefusedAtLaunch()
    {
        assertThatThrownBy(() -> Broker.launch(BrokerContext.embedded(dir).writerNice(20)))
            .hasMessageContaining("writer.nice=20");
        assertThatThrownBy(() -> Broker.launch(BrokerContext.embedded(dir).writerNice(-1)))
            .hasMessageContaining("writer.nice=-1");
    }

    /** The nice values (field 19 of {@code /proc/self/task/TID/stat}) of this process's threads named so. */
    private static List<Integer> niceOf(final String threadName)
    {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task")))
        {
            return tasks.filter(task -> read(task.resolve("comm")).startsWith(threadName))
                .map(task -> nice(read(task.resolve("stat"))))
                .toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static int nice(final String stat)
    {
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        catch (final IOException ex)
        {
            return "";
        }
    }
}
