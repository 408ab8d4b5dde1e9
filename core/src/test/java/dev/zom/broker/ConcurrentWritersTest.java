package dev.zom.broker;

import dev.zom.replay.TreeSnapshot;
import dev.zom.JournalContents;
import dev.zom.ChildJvm;
import dev.zom.client.Ack;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many client threads and two separate client JVMs write overlapping entries through one broker: every
 * acknowledged write is in the journal, and the final tree, the history of conflict losers included, equals
 * applying the journal in order.
 */
class ConcurrentWritersTest
{
    private static final int THREADS = 8;
    private static final int WRITES_PER_THREAD = 400;
    private static final int WRITES_PER_PROCESS = 400;
    private static final int ENTRIES = 12;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void everyAcknowledgedWriteShouldBeJournaledAndTheTreeShouldEqualTheJournalApplied() throws Exception
    {
        final Map<Long, String> acked = new ConcurrentHashMap<>();
        final String shot = dir.resolve("data/shot").toString();
        final Path data = dir.resolve("data");
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            final List<ChildJvm> children = new ArrayList<>();
            for (int p = 0; p < 2; p++)
            {
                children.add(ChildJvm.start(ClientProcess.class, broker.routerEndpoint(), shot,
                    String.valueOf(WRITES_PER_PROCESS), String.valueOf(ENTRIES), "jvm" + p));
            }
            final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            final List<Future<?>> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++)
            {
                final int thread = t;
                threads.add(pool.submit(() -> writeFromThread(broker, shot, thread, acked)));
            }
            for (final Future<?> thread : threads)
            {
                thread.get();
            }
            pool.shutdown();
            for (final ChildJvm child : children)
            {
                collectAcks(child, shot, acked);
                assertThat(child.waitFor(30_000)).isZero();
            }
            Await.applied(broker);
            assertThat(broker.errorCount()).isZero();
        }
        assertThat(acked).hasSize(THREADS * WRITES_PER_THREAD + 2 * WRITES_PER_PROCESS);
        final Map<Long, String> journal = JournalContents.records(dir.resolve("journal"));
        for (final Map.Entry<Long, String> ack : acked.entrySet())
        {
            assertThat(journal.get(ack.getKey())).as("journal index " + ack.getKey()).isEqualTo(ack.getValue());
        }
        final Map<String, String> written = TreeSnapshot.of(data);
        assertThat(written.keySet().stream().filter(file -> !file.contains(".history/"))).hasSize(ENTRIES);
        Files.move(data, dir.resolve("written"));
        JournalContents.replay(dir.resolve("journal"), List.of(data));
        assertThat(TreeSnapshot.of(data)).isEqualTo(written);
    }

    private static void writeFromThread(
        final Broker broker, final String shot, final int thread, final Map<Long, String> acked)
    {
        try (ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            for (int i = 0; i < WRITES_PER_THREAD; i++)
            {
                final String metapath = "e" + ((i + thread) % ENTRIES);
                final String value = "thread" + thread + "-" + i;
                final Ack ack = client.writeAcked(shot, metapath, Value.of(value));
                acked.put(ack.journalIndex(), shot + " " + metapath + " " + value);
            }
        }
    }

    private static void collectAcks(final ChildJvm child, final String shot, final Map<Long, String> acked)
        throws Exception
    {
        String line;
        while (!"done".equals(line = child.readLine(60_000)))
        {
            final String[] parts = line.split(" ");
            acked.put(Long.parseLong(parts[1]), shot + " " + parts[2] + " " + parts[3]);
        }
    }
}
