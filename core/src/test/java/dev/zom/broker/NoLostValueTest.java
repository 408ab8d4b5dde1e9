package dev.zom.broker;

import dev.zom.replay.TreeSnapshot;
import dev.zom.ChildJvm;
import dev.zom.client.Ack;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import dev.zom.recovery.AckWriterBounded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many writers (threads with different priorities, and a separate JVM) on a handful of entries, all inside one
 * conflict window: no value is lost. Every acknowledged value is the entry's current value, or is in its history,
 * or was replaced by a later write of the same client; and every superseded write was told so in its ack.
 */
class NoLostValueTest
{
    private static final int THREADS = 6;
    private static final int WRITES = 150;
    private static final int ENTRIES = 3;

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void everyValueShouldBeCurrentInHistoryOrReplacedByItsOwnWriter() throws Exception
    {
        final String shot = dir.resolve("data/shot").toString();
        final Map<Long, String[]> acked = new ConcurrentHashMap<>();
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).conflictWindowMillis(600_000)))
        {
            try (ChildJvm other = ChildJvm.start(AckWriterBounded.class, broker.routerEndpoint(),
                shot, "jvm", String.valueOf(WRITES)))
            {
                final List<CompletableFuture<Void>> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++)
                {
                    final int thread = t;
                    threads.add(CompletableFuture.runAsync(() -> write(broker, shot, thread, acked)));
                }
                CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).get();
                String line;
                while (!"done".equals(line = other.readLine(60_000)))
                {
                    final String[] parts = line.split(" ");
                    acked.put(Long.parseLong(parts[1]), new String[] {parts[2], parts[3], parts[4], parts[5]});
                }
            }
            Await.applied(broker);
            assertThat(broker.counters().get(BrokerCounter.CONFLICTS)).isPositive();
            assertThat(broker.counters().get(BrokerCounter.SUPERSEDED)).isPositive();
        }
        final Map<String, String> tree = TreeSnapshot.of(dir.resolve("data/shot/.meta"));
        final Map<String, List<String[]>> byEntry = new TreeMap<>();
        new TreeMap<>(acked).values().forEach(w -> byEntry.computeIfAbsent(w[0], e -> new ArrayList<>()).add(w));
        int inHistory = 0;
        for (final Map.Entry<String, List<String[]>> entry : byEntry.entrySet())
        {
            final List<String[]> writes = entry.getValue();
            final String current = tree.get(entry.getKey() + ".string");
            final Map<String, String> history = new HashMap<>();
            tree.forEach((file, content) ->
            {
                if (file.startsWith(".history/" + entry.getKey() + "&") && file.endsWith("/value.string"))
                {
                    history.put(content, file);
                }
            });
            for (int i = 0; i < writes.size(); i++)
            {
                final String[] w = writes.get(i);
                final String quoted = "\"" + w[1] + "\"";
                final boolean isCurrent = quoted.equals(current);
                final boolean kept = history.containsKey(quoted);
                final boolean replacedByItself = laterFromSameClient(writes, i);
                assertThat(isCurrent || kept || replacedByItself).as("value " + w[1] + " of " + w[0]).isTrue();
                if ("superseded".equals(w[3]))
                {
                    assertThat(kept).as("superseded value " + w[1] + " is in history").isTrue();
                }
                inHistory += kept ? 1 : 0;
            }
        }
        assertThat(inHistory).isPositive();
    }

    private static boolean laterFromSameClient(final List<String[]> writes, final int i)
    {
        for (int k = i + 1; k < writes.size(); k++)
        {
            if (writes.get(k)[2].equals(writes.get(i)[2]) && !"superseded".equals(writes.get(k)[3]))
            {
                return true;
            }
        }
        return false;
    }

    private static void write(final Broker broker, final String shot, final int thread, final Map<Long, String[]> acked)
    {
        try (ZomClient client = ZomClient.connect(broker.routerEndpoint(), null).priority((short)(thread % 3)))
        {
            for (int i = 0; i < WRITES; i++)
            {
                final String entry = "e" + (i % ENTRIES);
                final String value = "t" + thread + "-" + i;
                final Ack ack = client.writeAcked(shot, entry, Value.of(value));
                acked.put(ack.journalIndex(), new String[] {entry, value, Long.toHexString(client.clientId()),
                    ack.superseded() ? "superseded" : "stands"});
            }
        }
    }
}
