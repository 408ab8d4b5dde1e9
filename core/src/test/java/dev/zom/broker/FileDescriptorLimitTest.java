package dev.zom.broker;

import dev.zom.ChildJvm;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import dev.zom.recovery.BrokerMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker whose process runs out of file descriptors (more client connections than {@code LimitNOFILE} allows, on
 * a render farm) says so and keeps both numbers as gauges: the system refused the connections in silence, the
 * clients timed out asking whether the broker was stalled, and nothing in the broker's log or counters told why.
 * Once connections close it serves new clients again, and it applies every write it acknowledged meanwhile.
 */
@Timeout(120)
class FileDescriptorLimitTest
{
    private static final int ROOM = 40;
    private static final int FLOOD = 80;

    @TempDir
    Path dir;

    @Test
    void aBrokerAtItsDescriptorLimitShouldSaySoAndServeAgainOnceConnectionsClose() throws Exception
    {
        final String shot = dir.resolve("data/shot").toString();
        try (ChildJvm child = ChildJvm.startReadingErrors(BrokerMain.class, dir.toString(), "batch"))
        {
            final String router = child.lineContaining("endpoints ").split(" ")[2];
            try (ZomClient client = ZomClient.connect(router, null))
            {
                client.writeAcked(shot, "before", Value.of(1L));
                final long limit = openDescriptors(child) + ROOM;
                assertThat(Commands.run("prlimit", "--pid", String.valueOf(child.pid()),
                    "--nofile=" + limit + ":" + limit)).as("prlimit lowered the child's limit").isTrue();
                try (ZContext flood = new ZContext())
                {
                    for (int i = 0; i < FLOOD; i++)
                    {
                        flood.createSocket(SocketType.DEALER).connect(router);
                    }
                    assertThat(child.lineContaining("file descriptors this process may open are in use"))
                        .contains("of the " + limit + " file descriptors").contains("LimitNOFILE");
                    final String stat = client.stat();
                    assertThat(ZomClient.counter(stat, "zom_open_files_limit")).isEqualTo(limit);
                    assertThat(ZomClient.counter(stat, "zom_open_files")).isGreaterThanOrEqualTo(limit * 9 / 10);
                    Await.until("accepts failing", 10_000, () ->
                        ZomClient.counter(client.stat(), "zom_accept_failures_total") > 0);
                    client.writeAcked(shot, "during", Value.of(2L));
                }
                assertThat(child.lineContaining("below 80% again")).contains("file descriptors in use");
            }
            try (ZomClient late = ZomClient.connect(router, null))
            {
                late.writeAcked(shot, "after", Value.of(3L));
                try
                {
                    Await.until("the three writes applied", 30_000,
                        () -> Files.exists(Path.of(shot, ".meta/after.int")));
                }
                catch (final AssertionError notApplied)
                {
                    child.printThreads();
                    throw new AssertionError(notApplied.getMessage() + "; the broker said:\n" + child.transcript() +
                        late.stat());
                }
            }
            assertThat(Files.readString(Path.of(shot, ".meta/during.int"))).isEqualTo("2");
        }
    }

    private static long openDescriptors(final ChildJvm child) throws Exception
    {
        try (Stream<Path> open = Files.list(Path.of("/proc", String.valueOf(child.pid()), "fd")))
        {
            return open.count();
        }
    }
}
