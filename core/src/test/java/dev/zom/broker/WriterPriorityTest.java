package dev.zom.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Thread priorities, read back from {@code /proc}: the disk writers run at the configured nice value (10 by
 * default) while the ring threads keep the process's; the group commit thread runs at {@code sync.nice} where the
 * process may raise a priority (root here), and otherwise the broker says why and runs it at the process's.
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
    void theGroupCommitThreadShouldRunAtTheSyncNiceValueWhenTheProcessMayRaiseIt()
    {
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        final PrintStream err = System.err;
        final int processNice = nice(read(Path.of("/proc/thread-self/stat")));
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).syncNice(-3)))
        {
            assertThat(broker.context().syncNice()).isEqualTo(-3);
            if ("root".equals(System.getProperty("user.name")))
            {
                Await.until("the group commit at nice -3", 10_000, () -> niceOf("zom-ring").contains(-3));
                assertThat(niceOf("zom-ring")).filteredOn(n -> n == -3).hasSize(1);
            }
            else
            {
                Await.until("the reason logged", 10_000, () -> log.toString(StandardCharsets.UTF_8)
                    .contains("CAP_SYS_NICE"));
                assertThat(niceOf("zom-ring")).containsOnly(processNice);
            }
        }
        finally
        {
            System.setErr(err);
        }
    }

    @Test
    void aNiceValueOutsideZeroToNineteenShouldBeRefusedAtLaunch()
    {
        assertThatThrownBy(() -> Broker.launch(BrokerContext.embedded(dir).writerNice(20)))
            .hasMessageContaining("writer.nice=20");
        assertThatThrownBy(() -> Broker.launch(BrokerContext.embedded(dir).writerNice(-1)))
            .hasMessageContaining("writer.nice=-1");
        assertThatThrownBy(() -> Broker.launch(BrokerContext.embedded(dir).syncNice(-21)))
            .hasMessageContaining("sync.nice=-21");
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
