package dev.zom.broker;

import com.lmax.disruptor.EventHandler;
import dev.zom.ErrorCode;
import dev.zom.journal.Checkpoint;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalAppender;
import dev.zom.protocol.JournalRecord;
import org.agrona.concurrent.EpochClock;

import java.util.zip.CRC32C;

/**
 * The first ring stage: lets the {@link Arbiter} decide, appends accepted writes to the journal, and at the end of
 * each batch makes them durable (one sync per batch in mode {@code batch}: group commit). The ack handler runs only
 * after this handler has finished a batch, so no write is acknowledged before its sync. Runs on the
 * {@code zom-journal} thread, which owns the appender.
 */
final class JournalHandler implements EventHandler<WriteEvent>
{
    private final Journal journal;
    private final Arbiter arbiter;
    private final Counters counters;
    private final EpochClock clock;
    private final CRC32C crc = new CRC32C();
    private JournalAppender appender;
    private long journaledInBatch;
    private long syncsReported;

    JournalHandler(final Journal journal, final Arbiter arbiter, final Counters counters, final EpochClock clock)
    {
        this.journal = journal;
        this.arbiter = arbiter;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public void onStart()
    {
        appender = journal.appender();
        arbiter.rebuild(journal);
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        counters.set(BrokerCounter.RING_DEPTH, queueDepth);
    }

    @Override
    public void onEvent(final WriteEvent event, final long sequence, final boolean endOfBatch)
    {
        if (event.error == null)
        {
            decideAndAppend(event);
        }
        if (endOfBatch)
        {
            appender.endOfBatch();
            counters.add(BrokerCounter.JOURNALED, journaledInBatch);
            counters.add(BrokerCounter.SYNCED, appender.syncs() - syncsReported);
            syncsReported = appender.syncs();
            journaledInBatch = 0;
        }
    }

    private void decideAndAppend(final WriteEvent event)
    {
        final long original = arbiter.duplicateOf(event.clientId, event.sequence);
        if (original != Checkpoint.NONE)
        {
            event.duplicate = true;
            event.journalIndex = original;
            return;
        }
        JournalRecord.putHeader(event.record, event.buffer, event.requestLength, JournalRecord.DECISION_APPLY,
            clock.time(), crc);
        try
        {
            event.journalIndex = appender.append(event.record, 0, event.recordLength());
        }
        catch (final RuntimeException ex)
        {
            event.reject(ErrorCode.UNAVAILABLE, "the journal cannot take writes now");
            return;
        }
        arbiter.journaled(event.clientId, event.sequence, event.journalIndex);
        journaledInBatch++;
    }

    @Override
    public void onShutdown()
    {
        if (appender != null)
        {
            appender.endOfBatch();
            appender.close();
        }
    }
}
