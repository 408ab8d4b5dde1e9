package dev.zom.broker;

import com.lmax.disruptor.RingBuffer;
import dev.zom.ErrorCode;
import dev.zom.journal.DurabilityMode;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The group commit stage on a real journal: one sync per batch that holds a write, the durable sequence published
 * only at the end of the batch and after the sync, and after a failed sync every write refused, never acknowledged.
 */
class GroupCommitTest
{
    @TempDir
    Path dir;

    private final RingBuffer<WriteEvent> ring = RingBuffer.createSingleProducer(() -> new WriteEvent(64), 16);
    private final AtomicLong durable = new AtomicLong(-1);
    private final Counters counters = new Counters();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @Test
    void aBatchShouldBeSyncedOnceAndPublishedDurableOnlyAtItsEnd()
    {
        try (Journal journal = open(); JournalAppender appender = journal.appender())
        {
            final GroupCommit commit = groupCommit(journal);
            appender.append(new byte[8], 0, 8);
            commit.onEvent(ring.get(0), 0, false);
            commit.onEvent(ring.get(1), 1, false);
            assertThat(durable.get()).isEqualTo(-1);
            assertThat(journal.syncer().syncs()).isZero();
            commit.onEvent(ring.get(2), 2, true);
            assertThat(durable.get()).isEqualTo(2);
            assertThat(journal.syncer().syncs()).isEqualTo(1);
            assertThat(counters.get(BrokerCounter.SYNCED)).isEqualTo(1);

            ring.get(3).reject(ErrorCode.BAD_NAME, "bad name");
            commit.onEvent(ring.get(3), 3, true);
            assertThat(durable.get()).isEqualTo(3);
            assertThat(journal.syncer().syncs()).as("a batch of refused writes has nothing to sync").isEqualTo(1);
        }
    }

    @Test
    void afterAFailedSyncEveryWriteShouldBeRefusedAndNoneMadeDurable() throws Exception
    {
        try (Journal journal = open(); JournalAppender appender = journal.appender())
        {
            final GroupCommit commit = groupCommit(journal);
            appender.append(new byte[8], 0, 8);
            try (Stream<Path> files = Files.list(dir.resolve("j")))
            {
                Files.delete(files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow());
            }
            commit.onEvent(ring.get(0), 0, false);
            commit.onEvent(ring.get(1), 1, true);
            commit.onEvent(ring.get(2), 2, true);
            for (int s = 0; s <= 2; s++)
            {
                assertThat(ring.get(s).error).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(ring.get(s).reason).contains("could not be synced");
            }
            assertThat(durable.get()).isEqualTo(-1);
            assertThat(counters.get(BrokerCounter.SYNC_FAILURES)).isEqualTo(1);
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("cannot sync the journal");
        }
    }

    private Journal open()
    {
        return Journal.open(new Journal.Context().directory(dir.resolve("j")).durability(DurabilityMode.BATCH));
    }

    private GroupCommit groupCommit(final Journal journal)
    {
        return new GroupCommit(journal.syncer(), ring, durable, counters,
            new ErrorLog(new PrintStream(log, true, StandardCharsets.UTF_8)), 0);
    }
}
