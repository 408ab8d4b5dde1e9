package dev.zom.broker;

import dev.zom.Allocations;
import dev.zom.journal.Checkpoint;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalAppender;
import dev.zom.protocol.JournalRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes over a backlog of other locations' writes: the scan finds the newest sound write of the entry
 * (not a superseded one, not one whose checksum fails) and the children a listing adds, and passes over the other
 * locations' records without allocating: it decoded each one's location into a string and checked its checksum, which
 * made a query over a backlog of 50,000 records cost ~90 ms of CPU in the soak (results/2026-12-01).
 */
@Timeout(60)
class PendingScanTest
{
    private static final int BACKLOG = 20_000;
    private static final String SHOT = "/show/seq010/shot1";

    @TempDir
    Path dir;

    @Test
    void scanShouldFindTheNewestSoundWriteAndPassOverOtherLocationsWithoutAllocating()
    {
        try (Journal journal = Journal.open(new Journal.Context().directory(dir));
            JournalAppender appender = journal.appender();
            PendingScan scan = new PendingScan(journal, new Counters(), JournalRecord.MAX_LENGTH))
        {
            append(appender, TestRecords.record(SHOT, 1, "status", "first", JournalRecord.DECISION_APPLY, -1));
            for (int i = 0; i < BACKLOG; i++)
            {
                append(appender, TestRecords.record("/show/seq010/shot" + (2 + i % 8), 1, "status", "other",
                    JournalRecord.DECISION_APPLY, -1));
            }
            append(appender, TestRecords.record(SHOT, 1, "frames/first.int", "1", JournalRecord.DECISION_APPLY, -1));
            append(appender, TestRecords.record(SHOT, 2, "Status", "second", JournalRecord.DECISION_APPLY, -1));
            append(appender, TestRecords.record(SHOT, 1, "status", "superseded", JournalRecord.DECISION_SUPERSEDED,
                -1));
            final byte[] torn = TestRecords.record(SHOT, 1, "status", "torn", JournalRecord.DECISION_APPLY, -1);
            torn[torn.length - 1] ^= 1;
            append(appender, torn);

            assertThat(valueOf(scan.latest(Checkpoint.NONE, SHOT, "status"))).as("the newest sound write")
                .contains("second").doesNotContain("superseded", "torn");
            final Map<String, String[]> children = new HashMap<>();
            scan.children(Checkpoint.NONE, SHOT, null, children);
            assertThat(children).containsOnlyKeys("status", "frames");
            assertThat(scan.latest(Checkpoint.NONE, "/show/seq010/shot0", "status")).as("a location never written")
                .isNull();

            scan.latest(Checkpoint.NONE, SHOT, "status");
            final long allocated = Allocations.bytesAllocatedBy(() -> scan.latest(Checkpoint.NONE, SHOT, "status"));
            assertThat(allocated).as("bytes allocated scanning %,d records of other locations", BACKLOG)
                .isLessThan(BACKLOG);
        }
    }

    private static void append(final JournalAppender appender, final byte[] record)
    {
        appender.append(record, 0, record.length);
    }

    private static String valueOf(final byte[] pending)
    {
        return pending == null ? null : new String(pending, StandardCharsets.ISO_8859_1);
    }
}
