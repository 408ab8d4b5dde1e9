package dev.zom.broker;

import dev.zom.JournalContents;
import dev.zom.client.Ack;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import dev.zom.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer whose file system was renamed between two lives of the broker (its checkpoint has another name now):
 * the new writer starts after the lowest writer checkpoint, not at the journal's start, and the old checkpoint, which
 * no writer would ever move again, is removed so that it stops holding retention back, once the writers of its
 * roots start at or before it. One whose root another writer already passed stays, and so does one whose root a
 * broker run leaves out, so that its writer resumes there when the root is back. Writes under a root no longer
 * configured are counted and logged, since no writer applies them.
 */
@Timeout(60)
class RenamedStoreTest
{
    private static final int WRITES = 100;

    @TempDir
    Path dir;

    @Test
    void aRenamedWriterShouldStartAtTheOldCheckpointAndTheOldOneGo() throws Exception
    {
        final Path data = dir.resolve("data");
        writeAllOnStore(data, "old");
        assertThat(checkpoint("writer-old")).isTrue();
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).storeName(data, "new"));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            client.writeAcked(data.resolve("shot").toString(), "after", Value.of(1L));
            Await.applied(broker);
            assertThat(broker.counters().get(BrokerCounter.APPLIED))
                .as("only the write of this life applied, not the journal again").isEqualTo(1);
        }
        assertThat(checkpoint("writer-old")).as("the ownerless checkpoint removed").isFalse();
        assertThat(checkpoint("writer-new")).isTrue();
        JournalContents.assertTreeMatchesReplay(dir);
    }

    @Test
    void theWriterTakingOverARootShouldApplyWhatTheOldOneHadNotAndOneAlreadyPastItShouldKeepIt() throws Exception
    {
        final Path one = dir.resolve("data/one");
        final Path two = dir.resolve("data/two");
        final long firstOfTwo;
        try (Broker broker = Broker.launch(context(one, two, "b"));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            writeEach(client, one.resolve("shot"));
            firstOfTwo = writeEach(client, two.resolve("shot")).journalIndex() - WRITES + 1;
            Await.applied(broker);
        }
        lagBehind("writer-b", firstOfTwo - 1);
        deleteTree(two);
        try (Broker broker = Broker.launch(context(one, two, "a")))
        {
            Await.applied(broker);
        }
        assertThat(checkpoint("writer-b")).as("kept: writer-a, which writes its root now, is past it").isTrue();
        assertThat(two.resolve("shot/.meta")).as("what writer-b had not applied, as the log says").doesNotExist();

        try (Broker broker = Broker.launch(context(one, two, "c")))
        {
            Await.applied(broker);
        }
        assertThat(checkpoint("writer-b")).as("removed: writer-c took its root over from its checkpoint").isFalse();
        assertThat(Files.readString(two.resolve("shot/.meta/e" + (WRITES - 1) + ".int")))
            .as("the writes writer-b had not applied, applied by writer-c").isEqualTo(String.valueOf(WRITES - 1));
        JournalContents.assertTreeMatchesReplay(dir);
    }

    @Test
    void aCheckpointWhoseRootIsLeftOutForARunShouldStayAndItsWriterResumeThere() throws Exception
    {
        final Path one = dir.resolve("data/one");
        final Path two = dir.resolve("two");
        try (Broker broker = Broker.launch(context(one, two, "b")))
        {
            Await.applied(broker);
        }
        try (Journal journal = Journal.open(BrokerContext.embedded(dir).conclude().journalContext());
            OfflineJournalWriter backlog = new OfflineJournalWriter(journal, 9))
        {
            for (int i = 0; i < WRITES; i++)
            {
                backlog.append(two.resolve("shot").toString(), "e" + i, Value.of((long)i));
            }
        }
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).root(one).storeName(one, "a")))
        {
            Await.until("the backlog read past", 20_000,
                () -> broker.counters().get(BrokerCounter.UNOWNED_WRITES) == WRITES);
            Await.applied(broker);
        }
        assertThat(checkpoint("writer-b")).as("kept while its root is left out").isTrue();
        try (Broker broker = Broker.launch(context(one, two, "b")))
        {
            Await.applied(broker);
        }
        assertThat(Files.readString(two.resolve("shot/.meta/e" + (WRITES - 1) + ".int")))
            .as("applied once the root is back").isEqualTo(String.valueOf(WRITES - 1));
    }

    @Test
    void aCheckpointFromBeforeRootsWereRecordedShouldGoOnlyWhenItsNameIsAWritersHereWithADevice() throws Exception
    {
        final Path data = dir.resolve("data");
        writeAllOnStore(data, "disk");
        final long applied;
        try (Journal journal = Journal.open(BrokerContext.embedded(dir).conclude().journalContext()))
        {
            applied = journal.checkpoint("writer-disk").get();
            journal.checkpoint("writer-disk-64768").set(applied);
            journal.checkpoint("writer-elsewhere").set(applied);
        }
        Files.delete(dir.resolve("journal/writer-disk.roots"));
        Files.delete(dir.resolve("journal/checkpoints/writer-disk.cp"));
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).storeName(data, "disk")))
        {
            Await.applied(broker);
            assertThat(broker.counters().get(BrokerCounter.APPLIED)).as("nothing applied again").isZero();
        }
        assertThat(checkpoint("writer-disk-64768")).as("the same file system, named with its device before").isFalse();
        assertThat(checkpoint("writer-elsewhere")).as("roots unknown: kept").isTrue();
    }

    @Test
    void writesUnderARootRemovedFromTheConfigurationShouldBeCountedAndLogged() throws Exception
    {
        final Path gone = dir.resolve("gone");
        try (Journal journal = Journal.open(BrokerContext.embedded(dir).conclude().journalContext());
            OfflineJournalWriter backlog = new OfflineJournalWriter(journal, 9))
        {
            for (int i = 0; i < 3; i++)
            {
                backlog.append(gone.resolve("shot").toString(), "e" + i, Value.of((long)i));
            }
        }
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            Await.until("the backlog read", 20_000, () -> broker.counters().get(BrokerCounter.UNOWNED_WRITES) == 3);
            assertThat(broker.errorCount()).as("the first one logged").isEqualTo(1);
            assertThat(broker.statText()).contains("zom_unowned_writes_total 3");
        }
        assertThat(gone).doesNotExist();
    }

    private BrokerContext context(final Path one, final Path two, final String nameOfTwo)
    {
        return BrokerContext.embedded(dir).root(one).root(two).storeName(one, "a").storeName(two, nameOfTwo);
    }

    /** A broker life whose root is on the named store: writes every entry and waits until they are applied. */
    private void writeAllOnStore(final Path data, final String store) throws Exception
    {
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).storeName(data, store));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            writeEach(client, data.resolve("shot"));
            Await.applied(broker);
        }
    }

    private static Ack writeEach(final ZomClient client, final Path shot)
    {
        Ack last = null;
        for (int i = 0; i < WRITES; i++)
        {
            last = client.writeAcked(shot.toString(), "e" + i, Value.of((long)i));
        }
        return last;
    }

    /** A writer killed behind: its checkpoint set back, as if it had not applied what follows. */
    private void lagBehind(final String writer, final long index)
    {
        try (Journal journal = Journal.open(BrokerContext.embedded(dir).conclude().journalContext()))
        {
            journal.checkpoint(writer).set(index);
        }
    }

    private boolean checkpoint(final String name)
    {
        return Files.exists(dir.resolve("journal/checkpoints/" + name + ".cp"));
    }

    private static void deleteTree(final Path root) throws Exception
    {
        try (var files = Files.walk(root))
        {
            files.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(root)).forEach(p ->
                p.toFile().delete());
        }
    }
}
