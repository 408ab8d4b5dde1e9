package dev.zom.broker;

import dev.zom.Allocations;
import dev.zom.journal.Checkpoint;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalAppender;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestDecoder;
import dev.zom.protocol.RequestEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads find the newest write the disk writer has not applied by looking its entry up, and listings the pending
 * entries of their location, reading each journal record once: a scan from what the writer applied read the whole
 * backlog again for every read (tens of thousands of records a read under a steady load, results/2026-12-01).
 */
@Timeout(120)
class PendingIndexTest
{
    private static final String SHOT = "/show/seq010/shot1";
    /** A location on another disk: {@code /farm} is a root of its own store. */
    private static final String CACHE = "/farm/cache/sim1";
    private static final List<Path> ROOTS = List.of(Path.of("/show"), Path.of("/farm"));
    private static final Stores STORES = new Stores(ROOTS, Map.of(ROOTS.get(0), "show", ROOTS.get(1), "farm"));
    private static final int BACKLOG = 20_000;

    @TempDir
    Path dir;

    private final Counters counters = new Counters();
    private Journal journal;
    private JournalAppender appender;
    private PendingIndex index;

    @BeforeEach
    void openAJournal()
    {
        journal = Journal.open(new Journal.Context().directory(dir));
        appender = journal.appender();
        index = new PendingIndex(journal, counters, JournalRecord.MAX_LENGTH,
            new StoreLocations(ROOTS, STORES, STORES.storeOf(SHOT)));
    }

    @AfterEach
    void closeIt()
    {
        index.close();
        appender.close();
        journal.close();
    }

    @Test
    void aReadShouldFindTheNewestSoundWriteOfItsEntryAndReadEachRecordOnce()
    {
        final long first = append(SHOT, "status", "first", JournalRecord.DECISION_APPLY);
        backlog(BACKLOG);
        final long second = append(SHOT, "Status", "second", JournalRecord.DECISION_APPLY);
        append(SHOT, "status", "superseded", JournalRecord.DECISION_SUPERSEDED);
        final byte[] torn = TestRecords.record(SHOT, 1, "status", "torn", JournalRecord.DECISION_APPLY, -1);
        torn[torn.length - 1] ^= 1;
        appender.append(torn, 0, torn.length);

        final RequestDecoder status = read(SHOT, "status");
        assertThat(index.newest(status, Checkpoint.NONE)).as("the newest sound write, whatever its spelling")
            .isEqualTo(second);
        assertThat(text(index.record(second, status))).contains("second");
        assertThat(index.record(first + 1, status)).as("another entry's record").isNull();
        assertThat(index.newest(read(SHOT, "frames"), Checkpoint.NONE)).as("an entry never written")
            .isEqualTo(PendingIndex.NONE);
        assertThat(index.newest(status, second)).as("once the writer has applied it").isEqualTo(PendingIndex.NONE);
        assertThat(index.newest(status, first)).isEqualTo(second);

        final long scannedBefore = counters.get(BrokerCounter.QUERY_RECORDS_SCANNED);
        backlog(10);
        final long third = append(SHOT, "status", "third", JournalRecord.DECISION_APPLY);
        assertThat(index.newest(status, first)).isEqualTo(third);
        assertThat(counters.get(BrokerCounter.QUERY_RECORDS_SCANNED) - scannedBefore)
            .as("records read for a read after 11 more were journaled").isEqualTo(11);

        backlog(10);
        index.newest(status, first);
        backlog(BACKLOG);
        final long allocated = Allocations.bytesAllocatedBy(() -> index.newest(status, first));
        assertThat(allocated).as("bytes allocated reading %,d records of entries it holds", BACKLOG)
            .isLessThan(BACKLOG);
    }

    @Test
    void aListingShouldFindThePendingChildrenOfItsLocationOrGroup()
    {
        final long applied = append(SHOT, "old", "applied", JournalRecord.DECISION_APPLY);
        append(SHOT, "Status", "new", JournalRecord.DECISION_APPLY);
        backlog(100);
        append(SHOT, "frames/first", "1", JournalRecord.DECISION_APPLY);
        final long last = append(SHOT, "frames/last", "9", JournalRecord.DECISION_APPLY);

        assertThat(children(SHOT, null, applied)).containsOnlyKeys("status", "frames");
        assertThat(children(SHOT, null, applied).get("status")).containsExactly("Status", "string");
        assertThat(children(SHOT, "frames", applied)).containsOnlyKeys("first", "last");
        assertThat(children("/show/seq010/shot0", null, applied)).as("a location never written").isEmpty();
        assertThat(children(SHOT, null, last)).as("once the writer has applied them").isEmpty();
    }

    private Map<String, String[]> children(final String location,
        final String group, final long applied)
    {
        final Map<String, String[]> children = new HashMap<>();
        assertThat(index.children(read(location, group == null ? "" : group), group, applied, children))
            .as("the index can tell").isTrue();
        return children;
    }

    @Test
    void moreDistinctPendingEntriesThanItKeepsShouldBeLeftToTheScanUntilTheWriterHasAppliedThem()
    {
        final RequestDecoder status = read(SHOT, "status");
        final long first = append(SHOT, "e0", "v", JournalRecord.DECISION_APPLY);
        long last = first;
        for (int i = 1; i <= PendingIndex.MAX_ENTRIES; i++)
        {
            last = append(SHOT, "e" + i, "v", JournalRecord.DECISION_APPLY);
        }
        assertThat(index.newest(status, Checkpoint.NONE)).as("too many entries pending")
            .isEqualTo(PendingIndex.UNKNOWN);
        assertThat(index.newest(status, first)).as("until the writer has applied them")
            .isEqualTo(PendingIndex.UNKNOWN);
        assertThat(index.children(read(SHOT, ""), null, first, new HashMap<>())).as("a listing too").isFalse();
        final long written = append(SHOT, "status", "v", JournalRecord.DECISION_APPLY);
        assertThat(index.newest(status, last)).as("once it has").isEqualTo(written);
    }

    @Test
    void anotherDisksWritesShouldNeitherBeKeptNorFillTheIndex()
    {
        final RequestDecoder status = read(SHOT, "status");
        final long mine = append(SHOT, "status", "mine", JournalRecord.DECISION_APPLY);
        for (int i = 0; i <= PendingIndex.MAX_ENTRIES; i++)
        {
            append(CACHE, "e" + i, "v", JournalRecord.DECISION_APPLY);
        }
        assertThat(index.newest(status, Checkpoint.NONE)).as("its own disk's entry, past more entries of another's " +
            "than it keeps").isEqualTo(mine);
        assertThat(index.newest(read(CACHE, "e1"), Checkpoint.NONE)).as("another disk's entry: its thread's")
            .isEqualTo(PendingIndex.NONE);
        assertThat(index.children(read(CACHE, ""), null, Checkpoint.NONE, new HashMap<>())).isTrue();
    }

    private void backlog(final int records)
    {
        for (int i = 0; i < records; i++)
        {
            append("/show/seq010/shot" + (2 + i % 8), "status", "other", JournalRecord.DECISION_APPLY);
        }
    }

    private long append(final String location, final String metapath, final String value, final byte decision)
    {
        final byte[] record = TestRecords.record(location, 1, metapath, value, decision, -1);
        return appender.append(record, 0, record.length);
    }

    private static RequestDecoder read(final String location, final String metapath)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final int length = new RequestEncoder().encode(buffer, 0, Protocol.OP_READ, 7, 1, (byte)0, (short)0,
            location, metapath, null);
        return new RequestDecoder().wrap(buffer, 0, length);
    }

    private static String text(final byte[] record)
    {
        return record == null ? null : new String(record, StandardCharsets.ISO_8859_1);
    }
}
