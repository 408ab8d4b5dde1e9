package dev.zom.broker;

import dev.zom.client.AckedPipeline;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing busy-spins by default: once a burst of writes is journaled and applied, the broker's threads (ingress, ring
 * stages, disk writer, ZeroMQ I/O) together use a small fraction of one core while nothing arrives. The machines
 * here have two cores and render nodes are busy rendering; a thread that spun, yielded without end or parked in a
 * tight loop would use most of a core and fail this.
 */
class IdleBrokerTest
{
    private static final long IDLE_MILLIS = 2_000;
    /** A quarter of one core: the writer polls the journal every millisecond, the ingress wakes every 10 ms. */
    private static final double MAX_SHARE_OF_A_CORE = 0.25;

    @TempDir
    Path dir;

    @Test
    void anIdleBrokerShouldNotSpin() throws Exception
    {
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), broker.pullEndpoint()))
        {
            final String shot = dir + "/data/shot";
            for (int i = 0; i < 5_000; i++)
            {
                client.write(shot, "pushed" + (i % 100), Value.of((long)i));
            }
            final AckedPipeline pipeline = new AckedPipeline(client, 64, (ack, sentAt) -> { });
            for (int i = 0; i < 5_000; i++)
            {
                pipeline.submit(shot, "acked" + (i % 100), Value.of((long)i));
            }
            pipeline.flush();
            Await.until("the pushed writes journaled", 30_000,
                () -> broker.counters().get(BrokerCounter.JOURNALED) >= 10_000);
            Await.applied(broker);
            final Map<Long, Long> before = brokerThreadsCpu();
            assertThat(before.keySet()).as("broker threads").hasSizeGreaterThanOrEqualTo(5);
            Thread.sleep(IDLE_MILLIS);
            final Map<Long, Long> after = brokerThreadsCpu();
            long used = 0;
            final Map<String, Long> byThread = new TreeMap<>();
            for (final Map.Entry<Long, Long> thread : after.entrySet())
            {
                final long threadUsed = thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
                used += threadUsed;
                byThread.put(ManagementFactory.getThreadMXBean().getThreadInfo(thread.getKey()) + "",
                    threadUsed / 1_000_000);
            }
            assertThat(used / 1e6).as("CPU ms used by the idle broker's threads in %d ms (ms by thread: %s)",
                IDLE_MILLIS, byThread).isLessThan(IDLE_MILLIS * MAX_SHARE_OF_A_CORE);
        }
    }

    /**
     * CPU nanoseconds of every live broker thread ({@code zom-*}) and ZeroMQ I/O thread, by thread id.
     */
    private static Map<Long, Long> brokerThreadsCpu()
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final Map<Long, Long> cpu = new HashMap<>();
        for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds()))
        {
            if (info != null && (info.getThreadName().startsWith("zom-") ||
                info.getThreadName().startsWith("iothread")))
            {
                cpu.put(info.getThreadId(), threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return cpu;
    }
}
