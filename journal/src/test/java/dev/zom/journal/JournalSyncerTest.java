package dev.zom.journal;

import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The journal's syncer: it forces the cycle file the appender writes, follows the appender into a new cycle file,
 * can sync from another thread while records are appended, and reports a file it cannot force, then and after.
 */
class JournalSyncerTest
{
    @TempDir
    Path dir;

    @Test
    void aSyncShouldForceTheCycleFileTheAppenderWritesAndFollowItIntoTheNextCycle() throws Exception
    {
        final Journal.Context context = new Journal.Context().directory(dir.resolve("j"))
            .durability(DurabilityMode.BATCH).rollCycle(TestRollCycles.TEST_SECONDLY);
        try (Journal journal = Journal.open(context); JournalAppender appender = journal.appender())
        {
            final JournalSyncer syncer = journal.syncer();
            syncer.sync();
            assertThat(syncer.lastForced()).isNull();
            appender.append(new byte[8], 0, 8);
            syncer.sync();
            final Path first = syncer.lastForced();
            assertThat(cycleFiles()).containsExactly(first);
            final int cycle = journal.rollCycle().toCycle(journal.lastIndex());
            while ((int)(System.currentTimeMillis() / 1000) <= cycle)
            {
                Thread.sleep(20);
            }
            appender.append(new byte[8], 0, 8);
            syncer.sync();
            assertThat(cycleFiles()).hasSize(2).endsWith(syncer.lastForced());
            assertThat(syncer.lastForced()).isNotEqualTo(first);
            assertThat(syncer.syncs()).isEqualTo(3);
        }
    }

    /**
     * After a crash the newest cycle file may hold records appended and never synced, which the disk writers read
     * (and would checkpoint past) before anything is appended in the new life: a sync forced nothing until then.
     */
    @Test
    void aSyncBeforeTheFirstAppendShouldForceTheNewestCycleFileOfAnEarlierLife() throws Exception
    {
        try (Journal journal = Journal.open(new Journal.Context().directory(dir.resolve("j")));
            JournalAppender appender = journal.appender())
        {
            appender.append(new byte[8], 0, 8);
        }
        try (Journal journal = Journal.open(new Journal.Context().directory(dir.resolve("j"))))
        {
            journal.syncer().sync();
            assertThat(journal.syncer().lastForced()).isEqualTo(cycleFiles().get(0));
        }
    }

    @Test
    void anotherThreadShouldSyncWhileRecordsAreAppended() throws Exception
    {
        try (Journal journal = Journal.open(new Journal.Context().directory(dir.resolve("j"))))
        {
            final JournalSyncer syncer = journal.syncer();
            final CompletableFuture<Void> appending = CompletableFuture.runAsync(() ->
            {
                try (JournalAppender appender = journal.appender())
                {
                    for (int i = 0; i < 20_000; i++)
                    {
                        appender.append(new byte[100], 0, 100);
                    }
                }
            });
            while (!appending.isDone())
            {
                syncer.sync();
            }
            appending.get();
            syncer.sync();
            assertThat(syncer.lastForced()).isEqualTo(cycleFiles().get(0));
            assertThat(syncer.syncs()).isGreaterThan(1);
        }
    }

    /**
     * A failure stays for every later sync, from any thread: Linux reports a writeback error to one sync only, and
     * the disk writers sync the journal too, so the one that saw it might not be the group commit that gates
     * acknowledgements (the next sync here found nothing to force and reported success).
     */
    @Test
    void aCycleFileThatCannotBeForcedShouldFailTheSyncAndEveryLaterOne() throws Exception
    {
        try (Journal journal = Journal.open(new Journal.Context().directory(dir.resolve("j")));
            JournalAppender appender = journal.appender())
        {
            appender.append(new byte[8], 0, 8);
            Files.delete(cycleFiles().get(0));
            assertThatThrownBy(journal.syncer()::sync).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot sync the journal");
            assertThatThrownBy(journal.syncer()::sync).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("an earlier sync of the journal");
            assertThat(journal.syncer().syncs()).isZero();
        }
    }

    private java.util.List<Path> cycleFiles() throws Exception
    {
        try (Stream<Path> files = Files.list(dir.resolve("j")))
        {
            return files.filter(f -> f.toString().endsWith(".cq4")).sorted().toList();
        }
    }
}
