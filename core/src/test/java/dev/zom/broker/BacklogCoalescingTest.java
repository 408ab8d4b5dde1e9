package dev.zom.broker;

import dev.zom.format.MetaReader;
import dev.zom.format.Value;
import dev.zom.journal.DurabilityMode;
import dev.zom.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restarted broker's disk writer reads a backlog of rewrites in batches of up to {@link DiskWriter#READ_FACTOR}
 * times its entry limit, so a backlog of many writes to a few entries becomes one file write per entry (the journal
 * keeps every write), and the tree holds each entry's last value. Here 1,000 rewrites of 3 entries with an entry
 * limit of 4: reading 16 times the limit, as before, made 48 file writes of them.
 */
class BacklogCoalescingTest
{
    private static final int ENTRIES = 3;
    private static final int BATCH = 4;

    @TempDir
    Path dir;

    @Test
    void aBacklogOfRewritesShouldBeAppliedAsOneFileWritePerEntry()
    {
        final int records = 1000;
        assertThat(BATCH * DiskWriter.READ_FACTOR).as("one batch reads the whole backlog").isGreaterThan(records);
        final String location = dir.resolve("data/shot").toString();
        try (Journal journal = Journal.open(new Journal.Context().directory(dir.resolve("journal"))
            .durability(DurabilityMode.NONE)); OfflineJournalWriter writer = new OfflineJournalWriter(journal, 3))
        {
            for (int i = 0; i < records; i++)
            {
                writer.append(location, "e" + (i % ENTRIES), Value.of((long)i));
            }
        }
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).writerBatch(BATCH)))
        {
            Await.applied(broker);
            assertThat(broker.counters().get(BrokerCounter.APPLIED)).isEqualTo(ENTRIES);
            assertThat(broker.counters().get(BrokerCounter.COALESCED)).isEqualTo(records - ENTRIES);
        }
        for (int i = records - ENTRIES; i < records; i++)
        {
            assertThat(MetaReader.read(location, "e" + (i % ENTRIES))).isEqualTo(Value.of((long)i));
        }
    }
}
