package dev.zom.broker;

import com.lmax.disruptor.EventHandler;
import dev.zom.ErrorCode;
import dev.zom.journal.Checkpoint;
import dev.zom.journal.DurabilityMode;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalAppender;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.RequestDecoder;
import org.agrona.concurrent.EpochClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * The first ring stage: lets the {@link Arbiter} decide and appends accepted writes to the journal. In mode
 * {@code batch} the {@link GroupCommit} stage after it makes them durable; in modes {@code none} (never synced) and
 * {@code every} (synced at each append) it publishes at the end of each batch the ring sequence that counts as
 * durable, which the ack handler checks before acknowledging. A write the arbiter finds already journaled is
 * acknowledged again if it is a retry, and refused if it is another write under the same client id and sequence
 * ({@link RetryCheck}). When the journal's disk is nearly full it refuses writes with {@code unavailable} instead of
 * appending them. Runs on the ring thread that owns the appender.
 *
 * <p>The broker's times of a write, the wall-clock time journaled with it and the monotonic time its conflict window
 * is measured from, are read once a ring batch, at its first write, and in mode {@code every} at each write (each
 * append then waits for a sync, so a batch can last seconds). A batch lasts about a millisecond under load. Read for
 * each write, these two and Chronicle's own (its roll-cycle check) took ~13% of the ring thread's CPU in a profile of
 * the PULL path on the bench VM, a guest whose clock reads are slow (results/2026-12-02, session 26).
 */
final class JournalHandler implements EventHandler<WriteEvent>
{
    private final Journal journal;
    private final Arbiter arbiter;
    private final RetryWindows windows;
    private final Counters counters;
    private final EpochClock clock;
    private final CRC32C crc = new CRC32C();
    private final RequestDecoder request = new RequestDecoder();
    private final AtomicLong durableSequence;
    private final JournalSpace space;
    private final DedupSnapshot snapshot;
    private final boolean groupCommitted;
    private final boolean syncsEachAppend;
    private JournalAppender appender;
    private RetryCheck retries;
    private long journaledInBatch;
    private long syncsReported;
    private long sinceSnapshot;
    private boolean batchTimed;
    private long batchMillis;
    private long batchNanos;

    JournalHandler(
        final Journal journal,
        final Arbiter arbiter,
        final Counters counters,
        final EpochClock clock,
        final AtomicLong durableSequence,
        final JournalSpace space)
    {
        this.durableSequence = durableSequence;
        this.space = space;
        this.journal = journal;
        this.arbiter = arbiter;
        this.windows = arbiter.retryWindows();
        this.counters = counters;
        this.clock = clock;
        this.snapshot = new DedupSnapshot(journal.directory());
        this.groupCommitted = journal.context().durability() == DurabilityMode.BATCH;
        this.syncsEachAppend = journal.context().durability() == DurabilityMode.EVERY;
    }

    @Override
    public void onStart()
    {
        appender = journal.appender();
        retries = new RetryCheck(journal, windows.maxRecordLength());
        sinceSnapshot = windows.rebuild(journal, snapshot);
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
            if (space.hasRoom())
            {
                decideAndAppend(event);
            }
            else
            {
                event.reject(ErrorCode.UNAVAILABLE, space.reason());
            }
        }
        if (endOfBatch)
        {
            batchTimed = false;
            counters.add(BrokerCounter.JOURNALED, journaledInBatch);
            journaledInBatch = 0;
            if (!groupCommitted)
            {
                durableSequence.setRelease(sequence);
            }
            counters.add(BrokerCounter.SYNCED, appender.syncs() - syncsReported);
            syncsReported = appender.syncs();
            windows.forgetSaidBye(clock.time());
            if (sinceSnapshot >= DedupSnapshot.EVERY_RECORDS)
            {
                windows.expire(clock.time());
                saveSnapshot();
            }
            counters.set(BrokerCounter.RETRY_WINDOWS, windows.size());
            counters.set(BrokerCounter.RETRY_WINDOWS_EVICTED, windows.evicted());
        }
    }

    /**
     * Saves the retry windows, first syncing (mode {@code batch}) everything they name: pages of a journal are
     * written back in no set order, so a power loss could otherwise keep a snapshot and the record it names but
     * lose an earlier write it remembers, and a retry of that write would be acknowledged as a duplicate.
     */
    private void saveSnapshot()
    {
        try
        {
            appender.endOfBatch();
            windows.snapshot(snapshot);
            sinceSnapshot = 0;
        }
        catch (final IOException | UncheckedIOException ex)
        {
            counters.add(BrokerCounter.SNAPSHOT_FAILURES, 1);
        }
    }

    private void decideAndAppend(final WriteEvent event)
    {
        final long original = windows.indexOf(event.clientId, event.sequence);
        if (original != Checkpoint.NONE && !retries.isRetryOf(original, event.record, event.recordLength()))
        {
            event.reject(ErrorCode.SEQUENCE_REUSED, "sequence " + event.sequence + " of this client id was already " +
                "journaled with another write; a client that counts from 1 again needs a new client id");
            return;
        }
        if (original != Checkpoint.NONE)
        {
            event.duplicate = true;
            event.journalIndex = original;
            return;
        }
        if (!batchTimed || syncsEachAppend)
        {
            batchMillis = clock.time();
            batchNanos = System.nanoTime();
            batchTimed = true;
        }
        event.timeMillis = batchMillis;
        request.wrap(event.buffer, JournalRecord.HEADER_LENGTH, event.requestLength);
        arbiter.decide(event, request, batchNanos);
        JournalRecord.putHeader(event.record, event.buffer, event.requestLength, event.decision, batchMillis,
            event.otherIndex, event.otherClient, crc);
        try
        {
            event.journalIndex = appender.append(event.record, 0, event.recordLength());
        }
        catch (final RuntimeException ex)
        {
            event.reject(ErrorCode.UNAVAILABLE, "the journal cannot take writes now");
            return;
        }
        arbiter.journaled(event, request, batchMillis);
        journaledInBatch++;
        sinceSnapshot++;
    }

    @Override
    public void onShutdown()
    {
        if (appender != null)
        {
            saveSnapshot();
            appender.close();
            retries.close();
        }
    }
}
