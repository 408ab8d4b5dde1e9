package dev.zom.broker;

import dev.zom.journal.Checkpoint;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalReader;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestDecoder;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Read-your-writes without a scan: the journal index of the newest write to each entry that a disk writer may not
 * have applied, and the entries of each location that have one, kept up as the journal grows, so that a read looks
 * its entry up and a listing its location's entries instead of scanning all the writer has not applied
 * ({@link PendingScan}: the soak's queries scanned 17,000 records each, and the cost grows with the writer's lag).
 * Each journal record is read once, when the first query after it is answered, and none the writer had applied by
 * then; entries whose newest write the writer has applied are forgotten once the table doubles. Entries and
 * locations are known by 64-bit hashes ({@link EntryHash}), the records found checked against the query. Where it
 * cannot tell, it says so and the caller scans: an entry or location that waits for its storage (its writes are not
 * applied though the writer is past them), a hash shared with another location, and a backlog of more than
 * {@link #MAX_ENTRIES} distinct entries (then until the writer has applied what was read, so the table stays small in
 * a small heap). It keeps only the entries of its own disk's locations ({@link StoreLocations}): its thread answers
 * no others, and its disk's writer's progress says nothing of another's. Owned by one query thread.
 */
final class PendingIndex implements AutoCloseable
{
    /** The most entries kept; ~70 bytes each. */
    static final int MAX_ENTRIES = 1 << 16;
    /** The entry has no write the writer has not applied. */
    static final long NONE = Checkpoint.NONE;
    /** The index cannot tell: scan. */
    static final long UNKNOWN = Long.MIN_VALUE;

    private static final int FIRST_PRUNE = 1 << 12;

    private final Journal journal;
    private final Long2LongHashMap newest = new Long2LongHashMap(NONE);
    private final Long2LongHashMap locationOf = new Long2LongHashMap(0);
    private final Long2ObjectHashMap<LongHashSet> entriesOf = new Long2ObjectHashMap<>();
    private final byte[] buffer;
    private final UnsafeBuffer view;
    private final RequestDecoder record = new RequestDecoder();
    private final CRC32C crc = new CRC32C();
    private final Counters counters;
    private final StoreLocations indexed;
    private JournalReader tail;
    private JournalReader probe;
    private int pruneAt = FIRST_PRUNE;
    private long overflowedThrough = NONE;

    /**
     * @param indexed the locations whose entries it keeps: its disk's.
     */
    PendingIndex(final Journal journal, final Counters counters, final int maxRecordLength,
        final StoreLocations indexed)
    {
        this.journal = journal;
        this.counters = counters;
        this.indexed = indexed;
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
        if (!catchUp(appliedThrough))
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
        final int length = readAt(index);
        if (length < 0 || !sameLocation(read) ||
            !EntryKey.namesOnly(record.metapath()).equals(EntryKey.namesOnly(read.metapath())))
        {
            return null;
        }
        return Arrays.copyOf(buffer, length);
    }

    /**
     * Adds the children of a group that writes the writer may not have applied create or change, as
     * {@link PendingScan#children} does.
     *
     * @param listing        the listing (its location; its metapath, when not empty, the group).
     * @param group          the group's metapath, or null.
     * @param appliedThrough the index through which the location's store's writer has applied every record.
     * @param into           children by lower-case name: their spelling and type.
     * @return false when the index cannot tell (the caller scans).
     */
    boolean children(final RequestDecoder listing, final String group, final long appliedThrough,
        final Map<String, String[]> into)
    {
        if (!catchUp(appliedThrough))
        {
            return false;
        }
        final LongHashSet entries = entriesOf.get(EntryHash.ofLocation(listing));
        if (entries == null)
        {
            return true;
        }
        final String prefix = PendingScan.childPrefix(group);
        for (final LongHashSet.LongIterator entry = entries.iterator(); entry.hasNext(); )
        {
            final long index = newest.get(entry.nextValue());
            if (index > appliedThrough)
            {
                if (readAt(index) < 0 || !sameLocation(listing))
                {
                    return false;
                }
                PendingScan.addChild(record, prefix, into);
            }
        }
        return true;
    }

    /**
     * Reads what was journaled since the last query, unless there are too many distinct entries to keep.
     *
     * @return false when it does not index now.
     */
    private boolean catchUp(final long appliedThrough)
    {
        if (tail == null)
        {
            if (overflowedThrough != NONE && appliedThrough < overflowedThrough)
            {
                return false;
            }
            tail = journal.reader().startAfter(appliedThrough);
            overflowedThrough = NONE;
        }
        else if (tail.lastIndex() < appliedThrough)
        {
            forgetAll();
            tail.startAfter(appliedThrough);
        }
        long read = 0;
        int length;
        while ((length = tail.next(buffer)) >= 0)
        {
            read++;
            if (isSoundWrite(length) && indexed.holds(view, record.locationOffset(), record.locationLength()))
            {
                add(EntryHash.of(record), EntryHash.ofLocation(record), tail.lastIndex());
                if (newest.size() >= pruneAt && !prune(appliedThrough))
                {
                    break;
                }
            }
        }
        counters.add(BrokerCounter.QUERY_RECORDS_SCANNED, read);
        return tail != null;
    }

    private void add(final long entry, final long location, final long index)
    {
        newest.put(entry, index);
        if (locationOf.put(entry, location) == 0)
        {
            LongHashSet entries = entriesOf.get(location);
            if (entries == null)
            {
                entries = new LongHashSet();
                entriesOf.put(location, entries);
            }
            entries.add(entry);
        }
    }

    /**
     * Forgets the entries whose newest write is applied; when more than {@link #MAX_ENTRIES} are not, forgets all
     * and stops indexing until the writer has applied what was read.
     *
     * @return false when it stopped indexing.
     */
    private boolean prune(final long appliedThrough)
    {
        for (final Long2LongHashMap.EntryIterator entry = newest.entrySet().iterator(); entry.hasNext(); )
        {
            entry.next();
            if (entry.getLongValue() <= appliedThrough)
            {
                final long location = locationOf.remove(entry.getLongKey());
                final LongHashSet entries = entriesOf.get(location);
                entries.remove(entry.getLongKey());
                if (entries.isEmpty())
                {
                    entriesOf.remove(location);
                }
                entry.remove();
            }
        }
        if (newest.size() < MAX_ENTRIES)
        {
            pruneAt = Math.max(FIRST_PRUNE, 2 * newest.size());
            return true;
        }
        overflowedThrough = tail.lastIndex();
        forgetAll();
        tail.close();
        tail = null;
        return false;
    }

    private void forgetAll()
    {
        newest.clear();
        locationOf.clear();
        entriesOf.clear();
        pruneAt = FIRST_PRUNE;
    }

    /**
     * Reads the record at an index into the buffer.
     *
     * @return its length, or -1 when there is no sound write there.
     */
    private int readAt(final long index)
    {
        if (probe == null)
        {
            probe = journal.reader();
        }
        if (!probe.moveTo(index))
        {
            return -1;
        }
        final int length = probe.next(buffer);
        return length >= 0 && isSoundWrite(length) ? length : -1;
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

    /** Whether the record read last names the location a query names. */
    private boolean sameLocation(final RequestDecoder query)
    {
        final int length = record.locationLength();
        if (length != query.locationLength())
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (buffer[record.locationOffset() + i] != query.buffer().getByte(query.locationOffset() + i))
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
