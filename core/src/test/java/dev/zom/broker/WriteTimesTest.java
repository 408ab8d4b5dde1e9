package dev.zom.broker;

import dev.zom.journal.DurabilityMode;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalReader;
import dev.zom.protocol.JournalRecord;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal handler reads the broker's clocks once a ring batch, at its first write, and at each write in mode
 * {@code every}, where every append waits for a sync and a batch can last seconds. The times it journals are checked
 * in the journal, on a clock that moves a second at each read.
 */
class WriteTimesTest
{
    @TempDir
    Path dir;

    private final long[] wallClock = {1_800_000_000_000L};

    @Test
    void theWritesOfOneBatchShouldCarryTheTimeItsFirstWriteWasRead() throws Exception
    {
        final List<Long> times = journalTimes(DurabilityMode.NONE, new boolean[] {false, false, true, true});
        assertThat(times.subList(0, 3)).as("one batch").containsOnly(times.get(0));
        assertThat(times.get(3)).as("the next batch").isGreaterThan(times.get(2));
    }

    @Test
    void eachWriteShouldReadTheClockWhenEveryAppendSyncs() throws Exception
    {
        final List<Long> times = journalTimes(DurabilityMode.EVERY, new boolean[] {false, false, true});
        assertThat(times).as("one batch, a sync at each append").doesNotHaveDuplicates().isSorted();
    }

    private List<Long> journalTimes(final DurabilityMode durability, final boolean[] endsOfBatch) throws Exception
    {
        try (Journal journal = Journal.open(new Journal.Context().directory(dir.resolve("journal"))
            .durability(durability)))
        {
            final JournalHandler handler = new JournalHandler(journal, new Arbiter(16, 1024), new Counters(),
                () -> wallClock[0] += 1000, new AtomicLong(-1), new JournalSpace(dir, 0, new ErrorLog(System.err)));
            handler.onStart();
            final HandlerWrites writes = new HandlerWrites(dir + "/data/shot");
            for (final boolean endOfBatch : endsOfBatch)
            {
                writes.write(handler, 1, (short)0, endOfBatch);
            }
            handler.onShutdown();
            final List<Long> times = new ArrayList<>();
            final byte[] record = new byte[1024];
            try (JournalReader reader = journal.reader())
            {
                while (reader.next(record) >= 0)
                {
                    times.add(JournalRecord.timeMillis(new UnsafeBuffer(record), 0));
                }
            }
            assertThat(times).hasSize(endsOfBatch.length);
            return times;
        }
    }
}
