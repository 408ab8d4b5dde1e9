package dev.zom.journal;

import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal on real Chronicle Queue files in a temporary directory.
 */
@Timeout(60)
class JournalTest
{
    private static final int PADDED_LENGTH = 100;

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
            journal.syncer().sync();
            assertThat(appender.syncs()).as("not a sync made by another thread (a disk writer's)").isEqualTo(10);
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
     * record Chronicle can find without those lengths (the next one its index names, every 128th here, else the
     * cycle's newest) and counts those between as unreadable.
     */
    @Test
    void aDamagedLengthShouldBeSkippedToTheNextRecordChronicleCanFind() throws Exception
    {
        try (Journal journal = open(DurabilityMode.NONE); JournalAppender appender = journal.appender())
        {
            appendNumbered(appender, 0, 300);
        }
        damageLengthOf("record-5|");
        damageLengthOf("record-290|");
        try (Journal journal = open(DurabilityMode.NONE); JournalReader reader = journal.reader())
        {
            final long start = journal.firstIndex();
            assertThat(readAll(reader)).as("0-4, 128-289 and the newest").hasSize(5 + 290 - 128 + 1)
                .startsWith("record-0|").containsSubsequence("record-4|", "record-128|", "record-289|", "record-299|")
                .doesNotContain("record-5|", "record-127|", "record-290|", "record-298|");
            assertThat(reader.unreadable()).as("records 5 to 127 and 290 to 298").isEqualTo(123 + 9);
            assertThat(reader.unreadableFrom()).isEqualTo(start + 290);
            assertThat(reader.unreadableThrough()).isEqualTo(start + 298);
            assertThat(reader.lastIndex()).isEqualTo(start + 299);
            try (JournalAppender appender = journal.appender())
            {
                appendNumbered(appender, 300, 400);
            }
            assertThat(readAll(reader)).hasSize(100).startsWith("record-300|");
            assertThat(reader.unreadable()).isEqualTo(132);
            assertThat(reader.blockedAt()).isEqualTo(Checkpoint.NONE);
        }
    }

    /**
     * When the record with the damaged length is the newest, nothing after it can be found yet: the reader waits
     * there, and a whole-journal read ends there instead of waiting for good.
     */
    @Test
    void aDamagedNewestRecordShouldBlockTheReaderThere() throws Exception
    {
        try (Journal journal = open(DurabilityMode.NONE); JournalAppender appender = journal.appender())
        {
            appendNumbered(appender, 0, 300);
        }
        damageLengthOf("record-299|");
        try (Journal journal = open(DurabilityMode.NONE); JournalReader reader = journal.reader())
        {
            assertThat(readAllUntilEnd(reader)).hasSize(299).endsWith("record-298|");
            assertThat(reader.blockedAt()).isEqualTo(journal.firstIndex() + 299);
            assertThat(reader.unreadable()).isZero();
        }
    }

    /**
     * A length a little wrong (as most bit flips leave it) lands the reader inside a record, where it finds nothing
     * although the journal's last index lies beyond it: the reader returned "no record yet" there for good, so that
     * a store's disk writer applied nothing more and replay stopped as if at the journal's end. After the patience
     * the reader takes the gap for damage and goes on as after a length too long; a whole-journal read waits that
     * out instead of stopping.
     */
    @ParameterizedTest
    @ValueSource(ints = {-40, 4, 60})
    void aLengthALittleWrongShouldBeSkippedAfterThePatience(final int delta) throws Exception
    {
        try (Journal journal = open(DurabilityMode.NONE); JournalAppender appender = journal.appender())
        {
            appendPadded(appender, 0, 300);
        }
        changeLengthOf("record-5|", delta);
        changeLengthOf("record-290|", delta);
        try (Journal journal = open(DurabilityMode.NONE); JournalReader reader = journal.reader())
        {
            final long start = journal.firstIndex();
            assertThat(readAllUntilEnd(reader)).as("0-5, 128-290 and the newest").hasSize(6 + 163 + 1)
                .containsSubsequence("record-5|", "record-128|", "record-290|", "record-299|")
                .doesNotContain("record-6|", "record-127|", "record-291|", "record-298|");
            assertThat(reader.unreadable()).as("records 6 to 127 and 291 to 298").isEqualTo(122 + 8);
            assertThat(reader.unreadableFrom()).isEqualTo(start + 291);
            assertThat(reader.unreadableThrough()).isEqualTo(start + 298);
            assertThat(reader.blockedAt()).isEqualTo(Checkpoint.NONE);
        }
        try (Journal journal = open(DurabilityMode.NONE); JournalReader tailing = journal.reader())
        {
            final byte[] buffer = new byte[1024];
            int length = 0;
            for (int i = 0; i <= 5; i++)
            {
                length = tailing.next(buffer);
            }
            assertThat(length).as("record 5, its length wrong").isEqualTo(PADDED_LENGTH + delta);
            assertThat(tailing.next(buffer)).as("a tailing reader does not wait out the gap").isEqualTo(-1);
            final long deadline = System.nanoTime() + 10 * JournalReader.GAP_PATIENCE_NANOS;
            while (tailing.next(buffer) < 0 && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            assertThat(new String(buffer, 0, 11, StandardCharsets.US_ASCII)).as("the gap taken for damage")
                .isEqualTo("record-128|");
        }
    }

    /**
     * A damaged length that happens to end where a later record begins (here record 5's grown by 104 bytes, over
     * record 6) or leaves the rest of its record looking like one more record (here 5's cut to 40 bytes, the other
     * 56 framed as a record) shifts the index of every record after it: sequential reading carried the shift to the
     * end of the cycle (record 200 was read as index 199 or 201), while a reader positioned by index goes by
     * Chronicle's index from each indexed record on, so that a disk writer restarted at its checkpoint missed or
     * repeated records. The reader now goes back to the index at the next indexed record and counts what lay between.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aLengthEndingAtAnotherRecordShouldShiftIndicesOnlyUpToTheNextIndexedRecord(final boolean grown)
        throws Exception
    {
        try (Journal journal = open(DurabilityMode.NONE); JournalAppender appender = journal.appender())
        {
            appendPadded(appender, 0, 300);
        }
        if (grown)
        {
            changeLengthOf("record-5|", PADDED_LENGTH + Integer.BYTES);
        }
        else
        {
            changeLength("record-5|", length -> 40);
            changeLength("record-5|", 40 + Integer.BYTES, length -> PADDED_LENGTH - 40 - Integer.BYTES);
        }
        try (Journal journal = open(DurabilityMode.NONE); JournalReader reader = journal.reader())
        {
            final long start = journal.firstIndex();
            final Map<Long, String> byIndex = new HashMap<>();
            final byte[] buffer = new byte[1024];
            int length;
            while ((length = reader.next(buffer)) >= 0)
            {
                byIndex.put(reader.lastIndex() - start, untilNul(buffer, length));
            }
            assertThat(byIndex.get(127L)).as("still shifted").isEqualTo(grown ? "record-128|" : "record-126|");
            assertThat(byIndex.get(128L)).isEqualTo("record-128|");
            assertThat(byIndex.get(200L)).isEqualTo("record-200|");
            assertThat(byIndex.get(299L)).isEqualTo("record-299|");
            assertThat(reader.misplacedAt()).isEqualTo(start + 128);
            assertThat(reader.misplacedRecords()).as(grown ? "record 128, read twice" : "record 127").isEqualTo(1);
            assertThat(reader.misplaced()).isEqualTo(1);
            assertThat(reader.startAfter(start + 199).next(buffer)).as("positioned by index").isPositive();
            assertThat(untilNul(buffer, PADDED_LENGTH)).isEqualTo("record-200|");
        }
    }

    /**
     * Chronicle's appender finds where to append through the length in front of the newest record: after a restart
     * with that length damaged, it appended far past the record (a length longer than any), where readers found the
     * new records only from the next indexed one on, or the damaged record itself could not be read. Opening the
     * journal to append now restores the length the record's bytes vouch for.
     */
    @ParameterizedTest
    @ValueSource(ints = {0x3FFF_0000, -40, 4, 60})
    void aDamagedLengthOnTheNewestRecordShouldBeRestoredBeforeAppendingAfterIt(final int delta) throws Exception
    {
        try (Journal journal = open(DurabilityMode.NONE); JournalAppender appender = journal.appender())
        {
            appendPadded(appender, 0, 300);
        }
        changeLengthOf("record-299|", delta);
        try (Journal journal = open(DurabilityMode.NONE))
        {
            assertThat(journal.repaired()).as("opened as the tools open it").isNull();
        }
        try (Journal journal = openToAppend(record -> record.get(0) == 'r' ? PADDED_LENGTH : -1);
             JournalAppender appender = journal.appender())
        {
            assertThat(journal.repaired()).contains("index=" + (journal.firstIndex() + 299))
                .contains("was damaged, " + (PADDED_LENGTH + delta) + " bytes; restored to " + PADDED_LENGTH);
            appendPadded(appender, 300, 400);
        }
        try (Journal journal = open(DurabilityMode.NONE); JournalReader reader = journal.reader())
        {
            final List<Integer> lengths = new ArrayList<>();
            final List<String> records = readAll(buffer ->
            {
                final int length = reader.nextUntilEnd(buffer);
                lengths.add(length);
                return length;
            });
            assertThat(records).hasSize(400).containsSubsequence("record-299|", "record-300|", "record-399|");
            assertThat(lengths).as("each record whole, then the end").containsOnly(PADDED_LENGTH, -1);
            assertThat(reader.unreadable()).isZero();
        }
        try (Journal journal = openToAppend(record -> record.get(0) == 'r' ? PADDED_LENGTH : -1))
        {
            assertThat(journal.repaired()).as("nothing left to restore").isNull();
        }
    }

    /**
     * When the newest record's bytes vouch for no length (they are damaged too) and its length is longer than any
     * record, the length is cut to where its non-zero bytes end: the record reads as damaged, and what is appended
     * after it is found.
     */
    @Test
    void anImpossibleLengthOnANewestRecordThatVouchesForNoneShouldEndAtItsLastNonZeroByte() throws Exception
    {
        try (Journal journal = open(DurabilityMode.NONE); JournalAppender appender = journal.appender())
        {
            appendPadded(appender, 0, 300);
        }
        damageLengthOf("record-299|");
        try (Journal journal = openToAppend(record -> -1); JournalAppender appender = journal.appender())
        {
            assertThat(journal.repaired()).contains("restored to " + "record-299|".length());
            appendPadded(appender, 300, 400);
        }
        try (Journal journal = open(DurabilityMode.NONE); JournalReader reader = journal.reader())
        {
            assertThat(readAllUntilEnd(reader)).hasSize(400).containsSubsequence("record-298|", "record-299|",
                "record-300|", "record-399|");
            assertThat(reader.unreadable()).isZero();
        }
    }

    private static void appendPadded(final JournalAppender appender, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            final byte[] number = ("record-" + i + "|").getBytes(StandardCharsets.US_ASCII);
            final byte[] record = Arrays.copyOf(number, PADDED_LENGTH);
            appender.append(record, 0, record.length);
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
        changeLength(start, length -> 0x3FFF_FFF0);
    }

    /**
     * Adds {@code delta} to the length header in front of the record starting with {@code start}.
     */
    private void changeLengthOf(final String start, final int delta) throws Exception
    {
        changeLength(start, length -> length + delta);
    }

    private void changeLength(final String start, final IntUnaryOperator change) throws Exception
    {
        changeLength(start, 0, change);
    }

    /**
     * Changes the 4 bytes {@code offset} bytes into the record starting with {@code start}, less 4 (its header).
     */
    private void changeLength(final String start, final int offset, final IntUnaryOperator change) throws Exception
    {
        try (Stream<Path> files = Files.list(dir.resolve("journal")))
        {
            final Path cycle = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
            final byte[] bytes = Files.readAllBytes(cycle);
            final int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(start) - Integer.BYTES + offset;
            assertThat(at).as("the record's header").isPositive();
            final ByteBuffer header = ByteBuffer.wrap(bytes, at, Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(at, change.applyAsInt(header.getInt(at)));
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
        return readAll(reader::next);
    }

    private static List<String> readAllUntilEnd(final JournalReader reader)
    {
        return readAll(reader::nextUntilEnd);
    }

    /**
     * The records up to where {@code next} returns -1, each up to its first NUL.
     */
    private static List<String> readAll(final ToIntFunction<byte[]> next)
    {
        final List<String> records = new ArrayList<>();
        final byte[] buffer = new byte[1024];
        int length;
        while ((length = next.applyAsInt(buffer)) >= 0)
        {
            records.add(untilNul(buffer, length));
        }
        return records;
    }

    private static String untilNul(final byte[] buffer, final int length)
    {
        final String record = new String(buffer, 0, length, StandardCharsets.US_ASCII);
        final int nul = record.indexOf(0);
        return nul < 0 ? record : record.substring(0, nul);
    }

    private Journal openToAppend(final RecordLength recordLength)
    {
        return Journal.open(new Journal.Context().directory(dir.resolve("journal")).durability(DurabilityMode.NONE)
            .recordLength(recordLength, 1024));
    }

    private Journal open(final DurabilityMode mode)
    {
        return Journal.open(new Journal.Context().directory(dir.resolve("journal")).durability(mode));
    }
}
