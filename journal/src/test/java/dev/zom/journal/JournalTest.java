package dev.zom.journal;

import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal on real Chronicle Queue files in a temporary directory.
 */
@Timeout(60)
class JournalTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadBackAppendedRecordsInOrderFromAnyIndex()
    {
        final List<Long> indices = new ArrayList<>();
        try (Journal journal = open(DurabilityMode.NONE); JournalAppender appender = journal.appender())
        {
            for (int i = 0; i < 100; i++)
            {
                final byte[] record = ("record-" + i).getBytes(StandardCharsets.US_ASCII);
                indices.add(appender.append(record, 0, record.length));
            }
            assertThat(indices).isSorted().doesNotHaveDuplicates();
            assertThat(journal.lastIndex()).isEqualTo(indices.get(99));
            assertThat(readAll(journal, Checkpoint.NONE)).hasSize(100).first().isEqualTo("record-0");
            assertThat(readAll(journal, indices.get(41))).hasSize(58).first().isEqualTo("record-42");
            assertThat(readAll(journal, indices.get(99))).isEmpty();
        }
    }

    @Test
    void recordsAndCheckpointsShouldSurviveAReopen()
    {
        final long index;
        try (Journal journal = open(DurabilityMode.BATCH); JournalAppender appender = journal.appender())
        {
            index = appender.append(new byte[] {1, 2, 3}, 0, 3);
            appender.endOfBatch();
            journal.checkpoint("writer-a").set(index);
            journal.checkpoint("writer-b");
        }
        try (Journal journal = open(DurabilityMode.BATCH))
        {
            assertThat(journal.lastIndex()).isEqualTo(index);
            assertThat(journal.checkpoint("writer-a").get()).isEqualTo(index);
            assertThat(journal.checkpoint("writer-b").get()).isEqualTo(Checkpoint.NONE);
        }
    }

    @Test
    void batchModeShouldSyncOncePerBatchAndEveryModeOncePerRecord()
    {
        try (Journal journal = open(DurabilityMode.BATCH); JournalAppender appender = journal.appender())
        {
            for (int batch = 0; batch < 3; batch++)
            {
                for (int i = 0; i < 10; i++)
                {
                    appender.append(new byte[8], 0, 8);
                }
                appender.endOfBatch();
            }
            appender.endOfBatch();
            assertThat(appender.syncs()).isEqualTo(3);
        }
        try (Journal journal = open(DurabilityMode.EVERY); JournalAppender appender = journal.appender())
        {
            for (int i = 0; i < 10; i++)
            {
                appender.append(new byte[8], 0, 8);
            }
            appender.endOfBatch();
            assertThat(appender.syncs()).isEqualTo(10);
        }
        try (Journal journal = open(DurabilityMode.NONE); JournalAppender appender = journal.appender())
        {
            appender.append(new byte[8], 0, 8);
            appender.endOfBatch();
            assertThat(appender.syncs()).isZero();
        }
    }

    @Test
    void retentionShouldDeleteOnlyCyclesEveryCheckpointPassedAndThatExpired() throws Exception
    {
        final Journal.Context context = new Journal.Context().directory(dir.resolve("j"))
            .durability(DurabilityMode.NONE).rollCycle(TestRollCycles.TEST_SECONDLY).retention(Duration.ZERO);
        try (Journal journal = Journal.open(context); JournalAppender appender = journal.appender())
        {
            final long[] firstOfCycle = new long[3];
            for (int cycle = 0; cycle < 3; cycle++)
            {
                final int start = journal.rollCycle().toCycle(Math.max(0, journal.lastIndex()));
                while (cycle > 0 && (int)(System.currentTimeMillis() / 1000) <= start)
                {
                    Thread.sleep(20);
                }
                firstOfCycle[cycle] = appender.append(new byte[8], 0, 8);
            }
            assertThat(cycleFiles()).hasSize(3);
            final Checkpoint a = journal.checkpoint("a");
            final Checkpoint b = journal.checkpoint("b");
            a.set(firstOfCycle[2]);
            assertThat(journal.deleteExpiredCycles(System.currentTimeMillis())).isZero();
            b.set(firstOfCycle[1]);
            assertThat(journal.deleteExpiredCycles(System.currentTimeMillis() - 60_000)).isZero();
            assertThat(journal.deleteExpiredCycles(System.currentTimeMillis())).isEqualTo(1);
            assertThat(cycleFiles()).hasSize(2);
            assertThat(readAll(journal, Checkpoint.NONE)).hasSize(2);
            b.set(firstOfCycle[2]);
            assertThat(journal.deleteExpiredCycles(System.currentTimeMillis())).isEqualTo(1);
            assertThat(cycleFiles()).hasSize(1);
        }
    }

    /**
     * A record whose length header is damaged hides where the next records begin: the reader goes on at the next
     * record Chronicle's index names (every 128th here), counts those between as unreadable, and waits at the damage
     * while no such record exists yet.
     */
    @Test
    void aDamagedLengthShouldBeSkippedToTheNextIndexedRecord() throws Exception
    {
        try (Journal journal = open(DurabilityMode.NONE); JournalAppender appender = journal.appender())
        {
            appendNumbered(appender, 0, 300);
        }
        damageLengthOf("record-5|");
        damageLengthOf("record-290|");
        try (Journal journal = open(DurabilityMode.NONE); JournalReader reader = journal.reader())
        {
            final List<String> read = readAll(reader);
            assertThat(read).hasSize(5 + 290 - 128).startsWith("record-0|").endsWith("record-289|")
                .containsSubsequence("record-4|", "record-128|").doesNotContain("record-5|", "record-127|");
            assertThat(reader.unreadable()).as("records 5 to 127").isEqualTo(123);
            final long cycleStart = journal.firstIndex();
            assertThat(reader.unreadableFrom()).isEqualTo(cycleStart + 5);
            assertThat(reader.unreadableThrough()).isEqualTo(cycleStart + 127);
            assertThat(reader.blockedAt()).as("no indexed record after 290 yet").isEqualTo(cycleStart + 290);
            assertThat(reader.lastIndex()).isEqualTo(cycleStart + 289);
            try (JournalAppender appender = journal.appender())
            {
                appendNumbered(appender, 300, 400);
            }
            assertThat(readAll(reader)).hasSize(400 - 384).startsWith("record-384|");
            assertThat(reader.unreadable()).as("and 290 to 383").isEqualTo(123 + 94);
            assertThat(reader.blockedAt()).isEqualTo(Checkpoint.NONE);
        }
    }

    private static void appendNumbered(final JournalAppender appender, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            final byte[] record = ("record-" + i + "|").getBytes(StandardCharsets.US_ASCII);
            appender.append(record, 0, record.length);
        }
    }

    /**
     * Overwrites the length header in front of the record starting with {@code start} with a length no record has.
     */
    private void damageLengthOf(final String start) throws Exception
    {
        try (Stream<Path> files = Files.list(dir.resolve("journal")))
        {
            final Path cycle = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
            final byte[] bytes = Files.readAllBytes(cycle);
            final int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(start) - Integer.BYTES;
            assertThat(at).as("the record's header").isPositive();
            ByteBuffer.wrap(bytes, at, Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0x3FFF_FFF0);
            Files.write(cycle, bytes);
        }
    }

    private List<Path> cycleFiles() throws Exception
    {
        try (Stream<Path> files = Files.list(dir.resolve("j")))
        {
            return files.filter(p -> p.toString().endsWith(".cq4")).toList();
        }
    }

    private static List<String> readAll(final Journal journal, final long after)
    {
        try (JournalReader reader = journal.reader())
        {
            return readAll(reader.startAfter(after));
        }
    }

    private static List<String> readAll(final JournalReader reader)
    {
        final List<String> records = new ArrayList<>();
        final byte[] buffer = new byte[1024];
        int length;
        while ((length = reader.next(buffer)) >= 0)
        {
            records.add(new String(buffer, 0, length, StandardCharsets.US_ASCII));
        }
        return records;
    }

    private Journal open(final DurabilityMode mode)
    {
        return Journal.open(new Journal.Context().directory(dir.resolve("journal")).durability(mode));
    }
}
