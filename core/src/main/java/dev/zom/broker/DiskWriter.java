package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.journal.Checkpoint;
import dev.zom.lock.LockFile;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalReader;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.RequestDecoder;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * One file store's sequential writer. It tails the journal from its checkpoint, keeps the records for its own roots,
 * coalesces repeated writes to the same entry among what it has read (the last one wins; the journal keeps them
 * all), applies them in journal order with the {@link WriteApplier}, and only then advances its checkpoint. A batch
 * ends at the writer batch of distinct entries, {@link #MAX_BATCH_BYTES}, or {@link #READ_FACTOR} times the writer
 * batch in records read, so a large backlog is coalesced far more than live traffic is delayed. After a
 * crash it resumes from the checkpoint; applying a record again writes the same bytes and keeps no loser in history
 * twice ({@link WriteApplier}). The checkpoint waits for the records and files to be durable too: at most every sync
 * period, and at a stop, the writer syncs the journal and its file store ({@link TreeSync}) and only then moves the
 * checkpoint to what it had written before, so that after a power loss a restart applies again whatever the disk
 * may have lost.
 *
 * <p>A storage failure (permission denied, a full file system), or a lock file held by a writer that bypasses the
 * broker, makes that location (or that entry) wait: the writer keeps only the record that failed, retries it every
 * {@link #RETRY_NANOS}, and leaves the location's later records in the journal; other locations go on being applied.
 * Once the retried record is written, the writer reads the journal again from the start of the batch that failed
 * and applies that location's records alone, as a restart would ({@link WaitingWrites}). So a location that fails
 * for days costs one record of memory, not one per write. The checkpoint never passes the start of that batch, so
 * nothing is lost across a restart either. With {@link WaitingWrites#MAX_WAITING} locations waiting (a whole volume
 * gone while writes go on to new folders) it stops reading and only retries them until fewer wait. It runs at a
 * lower CPU priority than the ring and the ingress ({@link ThreadNice}) and rests while writes arrive faster than it
 * reads them ({@link WriterRest}). Asked to {@link #stop()}, it stops between two records, its checkpoint where the
 * batch it was applying began (a restart writes that batch again, with every value its records replaced).
 */
final class DiskWriter implements Agent
{
    static final long RETRY_NANOS = 500_000_000L;
    /**
     * A batch reads at most this many times the entry limit in records (under half a second of reading at the
     * default limit): a backlog of rewrites to the same entries coalesces into one file write per entry.
     */
    static final int READ_FACTOR = 256;
    /** A batch stops reading once the records it keeps, with the losing values kept for history, hold this much. */
    static final long MAX_BATCH_BYTES = 4L << 20;

    private final Stores.Store store;
    private final Journal journal;
    private final Checkpoint checkpoint;
    private final Counters counters;
    private final ErrorLog errors;
    private final int batchLimit;
    private final int nice;
    private final WriterRest rest;
    private final byte[] buffer;
    private final UnsafeBuffer view;
    private final RequestDecoder request = new RequestDecoder();
    private final CRC32C crc = new CRC32C();
    private final Coalescer pending = new Coalescer();
    private final RecordNames names;
    private final WaitingWrites waiting = new WaitingWrites();
    private final ForeignClaims foreignClaims;
    private final WriterProgress progress;
    private final long syncPeriodNanos;
    private final boolean countsUnowned;
    private TreeSync treeSync;
    private RootMounts rootMounts;
    private long syncedAt;
    private boolean syncFailed;
    private volatile long applied;
    private JournalReader reader;
    private WriteApplier applier;
    private FirstWrites firstWrites;
    private long lastRead;
    private long stoppedBefore = Long.MAX_VALUE;
    private long unreadableReported = Checkpoint.NONE;
    private long misplacedReported = Checkpoint.NONE;
    private long blockedReported = Checkpoint.NONE;
    private boolean unownedReported;
    private volatile boolean stopping;

    DiskWriter(
        final Stores stores,
        final Stores.Store store,
        final Journal journal,
        final Counters counters,
        final ErrorLog errors,
        final int batchLimit,
        final int nice,
        final WriterRest rest,
        final int maxRecordLength,
        final WriterProgress progress,
        final long syncPeriodMillis)
    {
        this.names = new RecordNames(stores);
        this.store = store;
        this.countsUnowned = stores.all().get(0) == store;
        this.journal = journal;
        this.checkpoint = journal.checkpoint(store.checkpointName());
        this.counters = counters;
        this.errors = errors;
        this.batchLimit = batchLimit;
        this.nice = nice;
        this.rest = rest;
        this.buffer = new byte[maxRecordLength];
        this.view = new UnsafeBuffer(buffer);
        this.progress = progress;
        this.syncPeriodNanos = TimeUnit.MILLISECONDS.toNanos(syncPeriodMillis);
        this.foreignClaims = new ForeignClaims(store.roots());
    }

    @Override
    public void onStart()
    {
        ThreadNice.setForCurrentThread(nice, errors, roleName());
        lastRead = checkpoint.get();
        applied = lastRead;
        syncedAt = System.nanoTime();
        treeSync = new TreeSync(store.roots());
        rootMounts = new RootMounts(store.roots());
        reader = journal.reader().startAfter(lastRead);
        firstWrites = new FirstWrites(WriterCheckpoints.firstWrites(journal, store.checkpointName()), lastRead);
        applier = new WriteApplier(store.roots(), false, new OverwrittenWrites(journal, buffer.length), firstWrites);
    }

    @Override
    public int doWork()
    {
        if (stopping)
        {
            return 0;
        }
        int work = 0;
        if (waiting.retryDue(System.nanoTime()))
        {
            work += retryWaiting();
        }
        final int read = rest.resting(System.nanoTime()) ? 0 : readAndApply();
        advanceCheckpoint(false);
        return work + read;
    }

    private int readAndApply()
    {
        final long batchStart = lastRead;
        final int read = readBatch();
        if (read > 0)
        {
            applyPending(batchStart);
            rest.batchEnded(read, System.nanoTime());
            if (stoppedBefore == Long.MAX_VALUE)
            {
                progress.publish(Math.max(progress.appliedThrough(), lastRead), waiting.waitingAfter());
            }
        }
        return read;
    }

    private int readBatch()
    {
        int read = 0;
        int length;
        while (read < batchLimit * READ_FACTOR && pending.size() < batchLimit && pending.bytes() < MAX_BATCH_BYTES &&
            waiting.size() + pending.size() < WaitingWrites.MAX_WAITING &&
            (length = reader.next(buffer)) >= 0)
        {
            if (++read == 1)
            {
                rest.batchStarts();
            }
            lastRead = reader.lastIndex();
            if (reader.unreadableThrough() > unreadableReported)
            {
                reportUnreadable();
            }
            if (reader.misplacedAt() > misplacedReported)
            {
                reportMisplaced();
            }
            final boolean reread = waiting.rereading(lastRead);
            final String damage = JournalRecord.check(buffer, view, length, crc);
            if (damage != null)
            {
                if (!reread)
                {
                    counters.add(BrokerCounter.CORRUPT_RECORDS, 1);
                    errors.log(roleName(), "skipped a journal record at index=" + lastRead + ": " + damage);
                }
                continue;
            }
            request.wrap(view, JournalRecord.HEADER_LENGTH, length - JournalRecord.HEADER_LENGTH);
            final RecordNames.Names entry = names.of(request);
            if (entry.store() == null && countsUnowned && !reread)
            {
                reportUnowned(entry.location());
            }
            if (entry.store() == store && (!reread || waiting.isRereading(entry.location(), entry.entryKey())) &&
                pending.add(entry.location(), entry.metapath(), entry.entryKey(), buffer, length, lastRead))
            {
                counters.add(BrokerCounter.COALESCED, 1);
            }
        }
        if (reader.blockedAt() != Checkpoint.NONE && reader.blockedAt() != blockedReported)
        {
            blockedReported = reader.blockedAt();
            errors.log(roleName(), "the journal record at index=" + reader.blockedAt() + " cannot be read: a " +
                "damaged length (its own or the one before) hides where it begins; the writer goes on once the " +
                "journal holds a record after it");
        }
        waiting.readUpTo(lastRead);
        return read;
    }

    /**
     * Counts a write under no root of this configuration, and logs the first of this life: it was journaled under a
     * root since removed, and no writer will apply it. The first store's writer does this for all.
     */
    private void reportUnowned(final String location)
    {
        counters.add(BrokerCounter.UNOWNED_WRITES, 1);
        if (!unownedReported)
        {
            unownedReported = true;
            errors.log(roleName(), "the write at index=" + lastRead + " to location=" + location + " lies under no " +
                "root of this configuration (one removed since?): no writer applies it; zom_unowned_writes_total " +
                "counts the others, and zom replay --under LOCATION applies them");
        }
    }

    /**
     * Counts and logs the records a damaged length hid from the reader; once each, however often they are read past
     * again (a waiting location's reread, a restart).
     */
    private void reportUnreadable()
    {
        unreadableReported = reader.unreadableThrough();
        counters.add(BrokerCounter.CORRUPT_RECORDS, reader.unreadableThrough() - reader.unreadableFrom() + 1);
        errors.log(roleName(), "skipped journal records from index=" + reader.unreadableFrom() + " through " +
            reader.unreadableThrough() + ": a damaged length (the first's or the one before) hides where they begin");
    }

    /**
     * Counts and logs, once, the records between where a damaged length led the reader and where the journal's index
     * put the next indexed record (read twice or not at all).
     */
    private void reportMisplaced()
    {
        misplacedReported = reader.misplacedAt();
        counters.add(BrokerCounter.CORRUPT_RECORDS, reader.misplacedRecords());
        errors.log(roleName(), "went back to where the journal's index puts index=" + reader.misplacedAt() + ": a " +
            "damaged length before it had led elsewhere, " + reader.misplacedRecords() + " records away (those were " +
            "read twice or not at all)");
    }

    /**
     * Applies the batch in journal order. A record it cannot write yet (or the stop) keeps the checkpoint where the
     * batch began, not just before that record: read again from there, every record the batch coalesced into it is
     * in memory again (the losers it must keep in history first), and what the batch already wrote is written again
     * harmlessly ({@link WriteApplier}).
     */
    private void applyPending(final long batchStart)
    {
        for (final Coalescer.Entry entry : pending.entries())
        {
            if (stopping)
            {
                stoppedBefore = Math.min(stoppedBefore, batchStart);
                break;
            }
            if (waiting.size() > 0 &&
                waiting.isWaiting(entry.location(), EntryKey.of(entry.location(), entry.metapath())))
            {
                continue;
            }
            final Outcome outcome = applyOne(entry, false);
            if (outcome != Outcome.DONE)
            {
                waiting.add(outcome == Outcome.LOCKED ? EntryKey.of(entry.location(), entry.metapath()) :
                    entry.location(), entry, batchStart, System.nanoTime() + RETRY_NANOS);
                counters.set(BrokerCounter.APPLY_WAITING, waiting.size());
            }
        }
        pending.clear();
    }

    /**
     * Retries the record each waiting location (or entry) failed on; for those written, reads the journal again
     * from where the earliest of them failed.
     */
    private int retryWaiting()
    {
        final long rereadAfter = waiting.retry(entry -> applyOne(entry, true) == Outcome.DONE, lastRead,
            System.nanoTime() + RETRY_NANOS);
        counters.set(BrokerCounter.APPLY_WAITING, waiting.size());
        if (rereadAfter == WaitingWrites.NOTHING_TO_REREAD)
        {
            return 0;
        }
        reader.startAfter(rereadAfter);
        lastRead = rereadAfter;
        return 1;
    }

    /**
     * What became of an attempt to apply a record.
     */
    private enum Outcome
    {
        /** Written, or refused for good (counted and logged, never retried). */
        DONE,
        /** Another writer holds the entry's lock file: the entry waits. */
        LOCKED,
        /** The storage failed: the location waits. */
        STORAGE_FAILED
    }

    /**
     * Applies one record; a storage failure, or a location inside another broker's root, is logged when a location
     * begins to wait, not at each retry (a volume gone for a day would log every waiting location twice a second).
     */
    private Outcome applyOne(final Coalescer.Entry entry, final boolean retry)
    {
        final Path location = Path.of(entry.location());
        final String claimant = foreignClaims.claimant(location);
        if (claimant != null)
        {
            counters.add(BrokerCounter.FOREIGN_ROOT_WAITS, 1);
            if (!retry)
            {
                errors.log(roleName(), "location=" + location + " is inside the " + claimant + ": its writes wait " +
                    "until that broker stops; send them to that broker, or give this one roots beside its own");
            }
            return Outcome.STORAGE_FAILED;
        }
        final String moved = rootMounts.moved(location);
        if (moved != null)
        {
            counters.add(BrokerCounter.ROOT_MOVED_WAITS, 1);
            errors.log(roleName(), moved + " Writes under it wait until it is back (zom_apply_waiting)");
            return Outcome.STORAGE_FAILED;
        }
        if (LockFile.isHeld(location, entry.metapath()))
        {
            counters.add(BrokerCounter.LOCK_WAITS, 1);
            return Outcome.LOCKED;
        }
        try
        {
            applier.apply(entry, null);
            counters.add(BrokerCounter.APPLIED, 1);
            return Outcome.DONE;
        }
        catch (final ZomException ex)
        {
            if (ex.code() == ErrorCode.STORAGE || ex.code() == ErrorCode.STORAGE_SPACE)
            {
                counters.add(BrokerCounter.APPLY_FAILURES, 1);
                if (!retry)
                {
                    errors.log(roleName(), "storage failure, the location waits and is retried: " + ex.getMessage());
                }
                return Outcome.STORAGE_FAILED;
            }
            counters.add(BrokerCounter.APPLY_REFUSED, 1);
            errors.log(roleName(), "refused to apply a journaled write: " + ex.getMessage());
            return Outcome.DONE;
        }
    }

    /**
     * Moves the checkpoint to the last record whose files are written, once they are durable: when a sync period has
     * passed since the last sync (or {@code now}), syncs the journal, then the file store, and then sets the
     * checkpoint to what was written before. The journal first: the writer reads records as soon as they are
     * appended, before a group commit syncs them (and in durability {@code none} nothing does), and a checkpoint past
     * records a power loss takes from the journal would name the indices the next records appended there get, so a
     * restarted writer would skip those. After a failed sync the checkpoint stays for the rest of this life: Linux
     * reports a writeback error once, so no later sync can vouch for what was lost; a restart applies again from here.
     */
    private void advanceCheckpoint(final boolean now)
    {
        final long safe = Math.min(Math.min(lastRead, stoppedBefore), waiting.safeCheckpoint());
        applied = safe;
        if (safe == checkpoint.get() || syncFailed || !now && System.nanoTime() - syncedAt < syncPeriodNanos)
        {
            return;
        }
        try
        {
            journal.syncer().sync();
            treeSync.sync();
        }
        catch (final IOException | UncheckedIOException ex)
        {
            syncFailed = true;
            counters.add(BrokerCounter.TREE_SYNC_FAILURES, 1);
            errors.log(roleName(), ex.getMessage() + "; the checkpoint stays at index=" + checkpoint.get() +
                " until the broker is restarted, which applies again what was written since");
            return;
        }
        syncedAt = System.nanoTime();
        counters.add(BrokerCounter.TREE_SYNCS, 1);
        checkpoint.set(safe);
        firstWrites.passed(safe);
    }

    /**
     * Asks the writer to stop at the next record it would write: what it has not written stays after its
     * checkpoint, for the next start. Without it a close interrupts the file writes of a long batch.
     */
    void stop()
    {
        stopping = true;
    }

    /**
     * The index of the last record this writer has finished with (its files written; the checkpoint follows once
     * they are synced).
     */
    long appliedIndex()
    {
        return applied;
    }

    Stores.Store store()
    {
        return store;
    }

    @Override
    public void onClose()
    {
        if (firstWrites != null)
        {
            advanceCheckpoint(true);
        }
        if (treeSync != null)
        {
            treeSync.close();
        }
        if (reader != null)
        {
            reader.close();
        }
        if (applier != null)
        {
            applier.close();
        }
    }

    @Override
    public String roleName()
    {
        return "zom-writer-" + store.name();
    }
}
