package dev.zom.recovery;

import dev.zom.replay.TreeSnapshot;
import dev.zom.ChildJvm;
import dev.zom.JournalContents;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker in its own JVM, under load from two clients in other JVMs that write the same entries and record every
 * acknowledgement, is killed with {@code kill -9} at random moments and restarted. Every acknowledged write must be
 * in the journal and, once applied, in the tree; the tree must equal a replay of the journal into an empty folder,
 * byte for byte, history included: the clients' writes conflict (one at a higher priority, so the other's are
 * superseded when the first one's stand, and overwritten otherwise), so history keeps the values replaced and the
 * writes superseded, and a kill between a disk writer's files and its checkpoint (or its period's sync) makes the
 * restarted writer apply them again.
 */
@Tag("crash")
class CrashLoopTest
{
    private static final int KILLS = Integer.getInteger("zom.crash.kills", 20);
    /**
     * Every other broker syncs and moves its disk writers' checkpoints after every batch, so that kills fall between
     * a writer's files and its checkpoint; the others keep the default period (10 s, longer than a life here), so
     * that the next life applies again everything since the last stop.
     */
    private static final List<String> SYNC_EVERY_BATCH = List.of("-Dzom.broker.writer.sync.ms=0");

    @TempDir
    Path dir;

    /**
     * Each life's waits are bounded on their own (the broker's start, both clients' first acknowledgements, their
     * exit); this bounds the whole. A life takes 8-12 s here, about 6 of them the clients' three reply timeouts after
     * the kill before they give up, so the 100-kill run takes about 20 minutes and the default 20 about 4.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void everyAcknowledgedWriteShouldSurviveKillMinusNine() throws Exception
    {
        final Map<Long, String> acked = new ConcurrentHashMap<>();
        final String shot = dir.resolve("data/shot").toString();
        final SplittableRandom random = new SplittableRandom(4);
        for (int kill = 0; kill < KILLS; kill++)
        {
            try (ChildJvm broker = ChildJvm.start(kill % 2 == 0 ? SYNC_EVERY_BATCH : List.of(), BrokerMain.class,
                dir.toString(), "batch"))
            {
                final String router = BrokerMain.routerOf(broker);
                try (ChildJvm client = ChildJvm.start(AckWriter.class, router, shot, "run" + kill, "1");
                    ChildJvm rival = ChildJvm.start(AckWriter.class, router, shot, "rival" + kill, "0"))
                {
                    final CountDownLatch bothAcked = new CountDownLatch(2);
                    final AckReader reader = new AckReader(client, acked, bothAcked);
                    final AckReader rivalReader = new AckReader(rival, acked, bothAcked);
                    assertThat(bothAcked.await(120, TimeUnit.SECONDS))
                        .as("both clients had a write acknowledged before kill %d; their last other lines: %s | %s",
                            kill, reader.lastOtherLine(), rivalReader.lastOtherLine()).isTrue();
                    Thread.sleep(random.nextInt(0, 1200));
                    broker.kill9();
                    reader.join(30_000);
                    rivalReader.join(30_000);
                }
            }
        }
        assertThat(acked).hasSizeGreaterThan(KILLS * 10);
        WriterLag.drainWithOneMoreRun(dir);
        final Map<Long, String> journal = JournalContents.records(dir.resolve("journal"));
        for (final Map.Entry<Long, String> ack : acked.entrySet())
        {
            assertThat(journal.get(ack.getKey())).as("acked journal index " + ack.getKey()).isEqualTo(ack.getValue());
        }
        final Map<String, String> tree = TreeSnapshot.of(dir.resolve("data"));
        assertThat(tree.keySet()).as("values replaced in conflicts, kept in history")
            .anyMatch(path -> path.contains("/.history/"));
        JournalContents.assertTreeMatchesReplay(dir);
        final Map<Long, String> applied = JournalContents.appliedRecords(dir.resolve("journal"));
        assertThat(applied).as("the rival's writes superseded by the other client's, within the conflict window")
            .hasSizeLessThan(journal.size());
        final Map<String, String> latest = new TreeMap<>();
        applied.values().forEach(record -> latest.put(record.split(" ")[1], record.split(" ")[2]));
        for (final Map.Entry<String, String> entry : latest.entrySet())
        {
            assertThat(tree.get("shot/.meta/" + entry.getKey() + ".string")).isEqualTo("\"" + entry.getValue() + "\"");
        }
    }

    /**
     * Reads one client's acknowledgements into a shared map on its own thread, and keeps the last other line the
     * client printed (why it stopped). The clients' JVMs take a second or more to start, so a kill is timed from
     * their first acknowledgements, not from their start: on a slow machine a kill timed from the start could find
     * neither of them writing yet.
     */
    private static final class AckReader extends Thread
    {
        private final ChildJvm client;
        private final Map<Long, String> acked;
        private final CountDownLatch firstAck;
        private volatile String lastOtherLine = "(nothing else)";

        AckReader(final ChildJvm client, final Map<Long, String> acked, final CountDownLatch firstAck)
        {
            super("ack-reader");
            this.client = client;
            this.acked = acked;
            this.firstAck = firstAck;
            start();
        }

        @Override
        public void run()
        {
            try
            {
                long count = 0;
                String line;
                while ((line = client.readLine(30_000)) != null)
                {
                    if (!line.startsWith("ack "))
                    {
                        lastOtherLine = line;
                        continue;
                    }
                    final String[] parts = line.split(" ", 3);
                    acked.put(Long.parseLong(parts[1]), parts[2]);
                    if (count++ == 0)
                    {
                        firstAck.countDown();
                    }
                }
            }
            catch (final Exception ended)
            {
                lastOtherLine = "no line for 30 s: " + ended;
            }
        }

        String lastOtherLine()
        {
            return lastOtherLine;
        }
    }
}
