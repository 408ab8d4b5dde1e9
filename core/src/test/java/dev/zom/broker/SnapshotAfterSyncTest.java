package dev.zom.broker;

import dev.zom.format.Value;
import dev.zom.journal.DurabilityMode;
import dev.zom.journal.Journal;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In mode batch the journal handler appends and the group commit syncs later, so before it saves the retry windows
 * the journal handler syncs what they name itself: a snapshot on disk never remembers a write the journal could
 * still lose to a power cut.
 */
class SnapshotAfterSyncTest
{
    @TempDir
    Path dir;

    @Test
    void theRetryWindowsShouldBeSavedOnlyAfterASyncOfWhatTheyName() throws Exception
    {
        try (Journal journal = Journal.open(new Journal.Context().directory(dir.resolve("journal"))
            .durability(DurabilityMode.BATCH)))
        {
            final JournalHandler handler = new JournalHandler(journal, new Arbiter(16, 1024), new Counters(),
                SystemEpochClock.INSTANCE, new AtomicLong(-1), new JournalSpace(dir, 0, new ErrorLog(System.err)));
            handler.onStart();
            final ExpandableArrayBuffer request = new ExpandableArrayBuffer();
            final WriteEvent event = new WriteEvent(1024);
            final Path snapshot = dir.resolve("journal/dedup.snapshot");
            for (int i = 0; i <= DedupSnapshot.EVERY_RECORDS; i++)
            {
                final int length = new RequestEncoder().encode(request, 0, Protocol.OP_WRITE, 7, i + 1, (byte)0,
                    (short)0, dir + "/data/shot", "e" + (i % 100), Value.of((long)i));
                event.reset();
                request.getBytes(0, event.record, JournalRecord.HEADER_LENGTH, length);
                event.requestLength = length;
                handler.onEvent(event, i, i % 512 == 511 || i == DedupSnapshot.EVERY_RECORDS);
                if (i == DedupSnapshot.EVERY_RECORDS - 1)
                {
                    assertThat(snapshot).exists();
                    assertThat(journal.syncer().syncs()).as("synced before the snapshot was written").isEqualTo(1);
                }
            }
            handler.onShutdown();
            assertThat(journal.syncer().syncs()).as("the last write synced before the closing snapshot").isEqualTo(2);
            assertThat(Files.size(snapshot)).isPositive();
        }
    }
}
