package dev.zom.broker;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import dev.zom.ErrorCode;
import dev.zom.journal.JournalSyncer;

import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ring stage between the journal handler and the acker in durability mode {@code batch}: group commit. At the
 * end of each of its batches it syncs the journal once, covering every write the journal handler appended before,
 * and only then publishes that ring sequence as durable for the acker. Meanwhile the journal handler goes on
 * appending the next writes, which the next sync covers: appending and syncing overlap, so a sync's group is
 * everything that arrived during the one before.
 *
 * <p>It may run at a higher CPU priority than the rest ({@code zom.broker.sync.nice}, {@link ThreadNice}).
 *
 * <p>When a sync fails, every write of its batch and every later write is answered {@code unavailable}, never
 * acknowledged, and the failure is counted and logged once: after a failed {@code fdatasync} Linux may report the
 * next one successful although pages were lost, so no later sync can vouch for them. Restarting the broker (after
 * the storage is fixed) reopens the journal as it is on disk.
 */
final class GroupCommit implements EventHandler<WriteEvent>
{
    private static final String REFUSED = "the journal could not be synced to disk; the broker needs a restart";

    private final JournalSyncer syncer;
    private final RingBuffer<WriteEvent> ring;
    private final AtomicLong durableSequence;
    private final Counters counters;
    private final ErrorLog errors;
    private final int nice;
    private long batchStart = -1;
    private boolean owesSync;
    private boolean failed;

    GroupCommit(
        final JournalSyncer syncer,
        final RingBuffer<WriteEvent> ring,
        final AtomicLong durableSequence,
        final Counters counters,
        final ErrorLog errors,
        final int nice)
    {
        this.syncer = syncer;
        this.ring = ring;
        this.durableSequence = durableSequence;
        this.counters = counters;
        this.errors = errors;
        this.nice = nice;
    }

    @Override
    public void onStart()
    {
        ThreadNice.setForCurrentThread(nice, errors, "zom-sync");
    }

    @Override
    public void onEvent(final WriteEvent event, final long sequence, final boolean endOfBatch)
    {
        if (batchStart < 0)
        {
            batchStart = sequence;
        }
        owesSync |= event.error == null;
        if (endOfBatch)
        {
            commit(sequence);
            batchStart = -1;
            owesSync = false;
        }
    }

    private void commit(final long lastSequence)
    {
        if (failed)
        {
            refuse(lastSequence);
            return;
        }
        if (owesSync)
        {
            try
            {
                syncer.sync();
                counters.add(BrokerCounter.SYNCED, 1);
            }
            catch (final UncheckedIOException ex)
            {
                failed = true;
                counters.add(BrokerCounter.SYNC_FAILURES, 1);
                errors.log("zom-sync", ex.getMessage() + ": " + ex.getCause() + "; writes are refused until the " +
                    "broker is restarted");
                refuse(lastSequence);
                return;
            }
        }
        durableSequence.setRelease(lastSequence);
    }

    private void refuse(final long lastSequence)
    {
        for (long s = batchStart; s <= lastSequence; s++)
        {
            final WriteEvent event = ring.get(s);
            if (event.error == null)
            {
                event.reject(ErrorCode.UNAVAILABLE, REFUSED);
            }
        }
    }
}
