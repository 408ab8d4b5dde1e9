package dev.zom.broker;

import dev.zom.journal.Checkpoint;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalReader;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestDecoder;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Read-your-writes for reads of one entry: the journal index of the newest write to each entry that a disk writer
 * may not have applied, kept up as the journal grows, so that a read looks its entry up instead of scanning all the
 * writer has not applied ({@link PendingScan}: a query over the ~50,000 records a writer lags under a steady load
 * cost milliseconds of CPU, and grows with the lag). Each journal record is read once, when the first read after it
 * is answered, and none the writer had applied by then; entries whose newest write the writer has applied are
 * forgotten once the table doubles. Where it
 * cannot tell, it says {@link #UNKNOWN} and the caller scans: an entry whose location or self waits for its storage
 * (its writes are not applied though the writer is past them), a hash shared with another entry, and a backlog of
 * more than {@link #MAX_ENTRIES} distinct entries (then until the writer has applied what was indexed, so the table
 * stays small in a small heap). Owned by one query thread.
 */
final class PendingIndex implements AutoCloseable
{
    /** The most entries kept; ~25 bytes each. */
    static final int MAX_ENTRIES = 1 << 17;
    /** The entry has no write the writer has not applied. */
    static final long NONE = Checkpoint.NONE;
    /** The index cannot tell: scan. */
    static final long UNKNOWN = Long.MIN_VALUE;

    private static final int FIRST_PRUNE = 1 << 12;

    private final Journal journal;
    private final Long2LongHashMap newest = new Long2LongHashMap(NONE);
    private final byte[] buffer;
    private final UnsafeBuffer view;
    private final RequestDecoder record = new RequestDecoder();
    private final CRC32C crc = new CRC32C();
    private final Counters counters;
    private JournalReader tail;
    private JournalReader probe;
    private int pruneAt = FIRST_PRUNE;
    private long overflowedThrough = NONE;

    PendingIndex(final Journal journal, final Counters counters, final int maxRecordLength)
    {
        this.journal = journal;
        this.counters = counters;
        buffer = new byte[maxRecordLength];
        view = new UnsafeBuffer(buffer);
    }

    /**
     * The journal index of the newest write to the entry a read names that the writer may not have applied.
     *
     * @param read           the read (its location and metapath name the entry).
     * @param appliedThrough the index through which the entry's store's writer has applied every record.
     * @return that index, {@link #NONE} when every write to the entry is applied, or {@link #UNKNOWN}.
     */
    long newest(final RequestDecoder read, final long appliedThrough)
    {
        if (tail == null)
        {
            if (overflowedThrough != NONE && appliedThrough < overflowedThrough)
            {
                return UNKNOWN;
            }
            tail = journal.reader().startAfter(appliedThrough);
            overflowedThrough = NONE;
        }
        else if (tail.lastIndex() < appliedThrough)
        {
            newest.clear();
            tail.startAfter(appliedThrough);
        }
        catchUp(appliedThrough);
        if (tail == null)
        {
            return UNKNOWN;
        }
        final long index = newest.get(EntryHash.of(read));
        return index <= appliedThrough ? NONE : index;
    }

    /**
     * The record at an index, when it is a write to the entry a read names; null when another entry's (a shared hash).
     *
     * @return a copy of the record, or null.
     */
    byte[] record(final long index, final RequestDecoder read)
    {
        if (probe == null)
        {
            probe = journal.reader();
        }
        if (!probe.moveTo(index))
        {
            return null;
        }
        final int length = probe.next(buffer);
        if (length < 0 || !isSoundWrite(length) || !sameBytes(read, record.locationOffset(), record.locationLength(),
            read.locationOffset(), read.locationLength()) ||
            !EntryKey.namesOnly(record.metapath()).equals(EntryKey.namesOnly(read.metapath())))
        {
            return null;
        }
        return Arrays.copyOf(buffer, length);
    }

    private void catchUp(final long appliedThrough)
    {
        long read = 0;
        int length;
        while ((length = tail.next(buffer)) >= 0)
        {
            read++;
            if (isSoundWrite(length))
            {
                newest.put(EntryHash.of(record), tail.lastIndex());
                if (newest.size() >= pruneAt && !prune(appliedThrough))
                {
                    break;
                }
            }
        }
        counters.add(BrokerCounter.QUERY_RECORDS_SCANNED, read);
    }

    /**
     * Forgets the entries whose newest write is applied; when more than {@link #MAX_ENTRIES} are not, forgets all
     * and stops indexing until the writer has applied what was read.
     *
     * @return false when it stopped indexing.
     */
    private boolean prune(final long appliedThrough)
    {
        newest.values().removeIfLong(index -> index <= appliedThrough);
        if (newest.size() < MAX_ENTRIES)
        {
            pruneAt = Math.max(FIRST_PRUNE, 2 * newest.size());
            return true;
        }
        overflowedThrough = tail.lastIndex();
        newest.clear();
        pruneAt = FIRST_PRUNE;
        tail.close();
        tail = null;
        return false;
    }

    private boolean isSoundWrite(final int length)
    {
        if (length < JournalRecord.HEADER_LENGTH + Protocol.REQUEST_HEADER_LENGTH ||
            JournalRecord.check(buffer, view, length, crc) != null ||
            JournalRecord.decision(view, 0) == JournalRecord.DECISION_SUPERSEDED)
        {
            return false;
        }
        record.wrap(view, JournalRecord.HEADER_LENGTH, length - JournalRecord.HEADER_LENGTH);
        return record.checkStructure() == null;
    }

    private boolean sameBytes(final RequestDecoder read, final int offset, final int length, final int readOffset,
        final int readLength)
    {
        if (length != readLength)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (buffer[offset + i] != read.buffer().getByte(readOffset + i))
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close()
    {
        if (tail != null)
        {
            tail.close();
        }
        if (probe != null)
        {
            probe.close();
        }
    }
}
