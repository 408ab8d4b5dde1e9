package dev.zom.broker;

import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import dev.zom.journal.Checkpoint;
import dev.zom.journal.DurabilityMode;
import dev.zom.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A disk writer's checkpoint names only records that a sync of the journal and of their file store has made durable:
 * it moved as soon as the files were written, so that after a power loss (the page cache gone, the checkpoint's page
 * perhaps written back first) a restart resumed past writes the tree had lost, and nothing applied them again.
 */
@Timeout(60)
class DurableCheckpointTest
{
    @TempDir
    Path dir;

    @Test
    void theCheckpointShouldWaitForASyncOfTheFileStore() throws Exception
    {
        final String shot = dir.resolve("data/shot").toString();
        final BrokerContext context = BrokerContext.embedded(dir).storeName(dir.resolve("data"), "disk")
            .writerSyncMillis(3_600_000);
        final long last;
        try (Broker broker = Broker.launch(context);
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            long index = Checkpoint.NONE;
            for (int i = 0; i < 50; i++)
            {
                index = client.writeAcked(shot, "entry" + i, Value.of((long)i)).journalIndex();
            }
            last = index;
            Await.applied(broker);
            assertThat(Files.readString(Path.of(shot, ".meta/entry49.int"))).isEqualTo("49");
            assertThat(checkpointFile()).as("written, not yet synced").isEqualTo(Checkpoint.NONE);
            assertThat(broker.counters().get(BrokerCounter.TREE_SYNCS)).isZero();
        }
        assertThat(checkpointFile()).as("synced at the stop").isEqualTo(last);
    }

    @Test
    void theCheckpointShouldFollowWithinASyncPeriodWhileTheBrokerRuns() throws Exception
    {
        final String shot = dir.resolve("data/shot").toString();
        final BrokerContext context = BrokerContext.embedded(dir).storeName(dir.resolve("data"), "disk")
            .writerSyncMillis(200);
        try (Broker broker = Broker.launch(context);
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            final long index = client.writeAcked(shot, "entry", Value.of(1L)).journalIndex();
            Await.until("the checkpoint synced", 30_000, () -> checkpointFile() == index);
            assertThat(broker.counters().get(BrokerCounter.TREE_SYNCS)).isPositive();
        }
    }

    /**
     * A writer reads records as soon as they are appended, before a group commit syncs them (in durability none
     * nothing does): a checkpoint past records a power loss takes from the journal names the indices the next records
     * appended there get, and a restarted writer skipped those. The writer syncs the journal before it moves its
     * checkpoint.
     */
    @Test
    void theCheckpointShouldPassOnlyJournalRecordsASyncMadeDurable() throws Exception
    {
        final Path root = dir.resolve("data");
        Files.createDirectories(root);
        try (Journal journal = Journal.open(new Journal.Context().directory(dir.resolve("journal"))
            .durability(DurabilityMode.NONE)))
        {
            long last = Checkpoint.NONE;
            try (OfflineJournalWriter records = new OfflineJournalWriter(journal, 7))
            {
                for (int i = 0; i < 20; i++)
                {
                    last = records.append(root + "/shot", "entry" + i, Value.of((long)i));
                }
            }
            assertThat(journal.syncer().syncs()).as("durability none").isZero();
            final Stores stores = new Stores(List.of(root), Map.of(root, "disk"));
            final Counters counters = new Counters();
            final DiskWriter writer = new DiskWriter(stores, stores.all().get(0), journal, counters,
                new ErrorLog(System.err), 4096, 0, new WriterRest(0, counters, () -> 0), 8192,
                new WriterProgress(Checkpoint.NONE), 0);
            writer.onStart();
            while (writer.appliedIndex() < last)
            {
                writer.doWork();
            }
            writer.onClose();
            assertThat(journal.checkpoint("writer-disk").get()).isEqualTo(last);
            assertThat(journal.syncer().syncs()).isPositive();
            assertThat(counters.get(BrokerCounter.TREE_SYNCS)).isPositive();
        }
    }

    @Test
    void aRootThatCannotBeOpenedShouldFailTheSyncNamingItUntilItExists() throws Exception
    {
        final Path root = dir.resolve("later");
        try (TreeSync sync = new TreeSync(List.of(dir, root)))
        {
            assertThatThrownBy(sync::sync).isInstanceOf(IOException.class).hasMessageContaining("root=" + root)
                .hasMessageContaining("errno 2");
            Files.createDirectories(root);
            sync.sync();
        }
    }

    private long checkpointFile()
    {
        try
        {
            return ByteBuffer.wrap(Files.readAllBytes(dir.resolve("journal/checkpoints/writer-disk.cp")))
                .order(ByteOrder.nativeOrder()).getLong();
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }
}
