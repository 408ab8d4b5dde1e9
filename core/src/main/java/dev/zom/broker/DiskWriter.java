package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.journal.Checkpoint;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalReader;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.RequestDecoder;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.zip.CRC32C;

/**
 * One file store's sequential writer. It tails the journal from its checkpoint, keeps the records for its own roots,
 * coalesces repeated writes to the same entry among what it has read (the last one wins; the journal keeps them
 * all), applies them in journal order with the {@link WriteApplier}, and only then advances its checkpoint. After a
 * crash it resumes from the checkpoint; applying a record again writes the same bytes.
 *
 * <p>A storage failure stops this store (not the others) and retries from the checkpoint after a pause.
 */
final class DiskWriter implements Agent
{
    private static final long RETRY_PAUSE_NANOS = 500_000_000L;

    private final Stores stores;
    private final Stores.Store store;
    private final Journal journal;
    private final Checkpoint checkpoint;
    private final Counters counters;
    private final ErrorLog errors;
    private final int batchLimit;
    private final byte[] buffer;
    private final UnsafeBuffer view;
    private final RequestDecoder request = new RequestDecoder();
    private final CRC32C crc = new CRC32C();
    private final Coalescer pending = new Coalescer();
    private JournalReader reader;
    private WriteApplier applier;
    private long retryAtNanos;

    DiskWriter(
        final Stores stores,
        final Stores.Store store,
        final Journal journal,
        final Counters counters,
        final ErrorLog errors,
        final int batchLimit,
        final int maxRecordLength)
    {
        this.stores = stores;
        this.store = store;
        this.journal = journal;
        this.checkpoint = journal.checkpoint(store.checkpointName());
        this.counters = counters;
        this.errors = errors;
        this.batchLimit = batchLimit;
        this.buffer = new byte[maxRecordLength];
        this.view = new UnsafeBuffer(buffer);
    }

    @Override
    public void onStart()
    {
        reader = journal.reader().startAfter(checkpoint.get());
        applier = new WriteApplier(store.roots(), false);
    }

    @Override
    public int doWork()
    {
        if (retryAtNanos != 0)
        {
            if (System.nanoTime() < retryAtNanos)
            {
                return 0;
            }
            retryAtNanos = 0;
            reader.startAfter(checkpoint.get());
        }
        final int read = readBatch();
        if (read > 0 && applyPending())
        {
            checkpoint.set(reader.lastIndex());
        }
        return read;
    }

    private int readBatch()
    {
        int read = 0;
        int length;
        while (read < batchLimit && (length = reader.next(buffer)) >= 0)
        {
            read++;
            final String damage = JournalRecord.check(buffer, view, length, crc);
            if (damage != null)
            {
                counters.add(BrokerCounter.CORRUPT_RECORDS, 1);
                errors.log(roleName(), "skipped a journal record at index=" + reader.lastIndex() + ": " + damage);
                continue;
            }
            request.wrap(view, JournalRecord.HEADER_LENGTH, length - JournalRecord.HEADER_LENGTH);
            final String location = request.location();
            if (stores.storeOf(location) == store)
            {
                if (pending.add(location, request.metapath(), buffer, length))
                {
                    counters.add(BrokerCounter.COALESCED, 1);
                }
            }
        }
        return read;
    }

    private boolean applyPending()
    {
        try
        {
            for (final byte[] record : pending.records())
            {
                applyOne(record);
            }
            return true;
        }
        catch (final ZomException ex)
        {
            counters.add(BrokerCounter.APPLY_RETRIES, 1);
            errors.log(roleName(), "storage failure, retrying from the checkpoint: " + ex.getMessage());
            retryAtNanos = System.nanoTime() + RETRY_PAUSE_NANOS;
            return false;
        }
        finally
        {
            pending.clear();
        }
    }

    private void applyOne(final byte[] record)
    {
        try
        {
            applier.apply(record, record.length);
            counters.add(BrokerCounter.APPLIED, 1);
        }
        catch (final ZomException ex)
        {
            if (ex.code() == ErrorCode.STORAGE || ex.code() == ErrorCode.STORAGE_SPACE)
            {
                throw ex;
            }
            counters.add(BrokerCounter.APPLY_REFUSED, 1);
            errors.log(roleName(), "refused to apply a journaled write: " + ex.getMessage());
        }
    }

    /**
     * The index of the last record this writer has finished with.
     */
    long appliedIndex()
    {
        return checkpoint.get();
    }

    Stores.Store store()
    {
        return store;
    }

    @Override
    public void onClose()
    {
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
