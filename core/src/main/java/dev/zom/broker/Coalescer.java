package dev.zom.broker;

import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.RequestDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Coalesces journal records read in one batch: of several writes to the same entry only the last is kept (the
 * journal keeps them all), and records are applied in the journal order of the writes they keep, so a group
 * replacing a value of the same name (or the reverse) still happens in order. Only writes spelled exactly alike are
 * coalesced: {@code status} then {@code STATUS} are both applied, so the entry keeps the first spelling as it would
 * without coalescing. Used by the disk writers and by replay. A write that replaces the kept one of its entry without
 * keeping it as a loser (a plain rewrite) updates that entry in place: a writer rereading the same entries allocates
 * nothing per record. Not thread-safe.
 */
public final class Coalescer
{
    /**
     * A kept record, with the values it replaced inside the conflict window (they go to history before it is
     * written, so coalescing never drops a value that lost a conflict). Valid until the next {@link #add} or
     * {@link #clear()} of its coalescer: a later write to the same entry may update it in place.
     */
    public static final class Entry
    {
        private final String key;
        private final String location;
        private final String metapath;
        private byte[] record;
        private long index;
        private List<Loser> losers;
        private Entry before;
        private Entry after;

        private Entry(
            final String key,
            final String location,
            final String metapath,
            final byte[] record,
            final long index,
            final List<Loser> losers)
        {
            this.key = key;
            this.location = location;
            this.metapath = metapath;
            this.record = record;
            this.index = index;
            this.losers = losers;
        }

        /** @return its location. */
        public String location()
        {
            return location;
        }

        /** @return its metapath as spelled. */
        public String metapath()
        {
            return metapath;
        }

        /** @return its bytes (a copy). */
        public byte[] record()
        {
            return record;
        }

        /** @return its journal index. */
        public long index()
        {
            return index;
        }

        /** @return what to keep in history first, in journal order: values it replaced, writes superseded. */
        public List<Loser> losers()
        {
            return losers;
        }

        private Entry copy()
        {
            return new Entry(key, location, metapath, record.clone(), index, losers);
        }

        private long heldBytes()
        {
            long held = record.length;
            for (final Loser loser : losers)
            {
                held += loser.record() == null ? 0 : loser.record().length;
            }
            return held;
        }
    }

    /**
     * A value that lost a conflict, kept in history: one a write replaced, stamped with that write's time, or a
     * superseded write, stamped with its own (then {@code replacedAt} is its time and {@code replacedBy} its index).
     *
     * @param record     the losing write's record, or null when it is not in memory (it came before the batch).
     * @param index      the losing write's journal index, or -1 when the broker named none (the loser is then the
     *                   entry's value on disk).
     * @param client     the losing write's client id.
     * @param replacedAt the broker time of the write that replaced it.
     * @param replacedBy the journal index of the write that replaced it, or -1 when not known.
     */
    public record Loser(byte[] record, long index, long client, long replacedAt, long replacedBy)
    {
    }

    private final Map<String, Entry> byKey = new HashMap<>();
    private final Map<String, String> chainOf = new HashMap<>();
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private final Collection<Entry> inJournalOrder = new InJournalOrder();
    private Entry first;
    private Entry last;
    private long bytes;

    /**
     * Adds a record (copied) for an entry.
     *
     * @param location      the record's location.
     * @param metapath      the record's metapath.
     * @param record        the record's bytes.
     * @param length        its length.
     * @param index         its journal index.
     * @return true when it replaced an earlier record for the same entry.
     */
    public boolean add(
        final String location,
        final String metapath,
        final byte[] record,
        final int length,
        final long index)
    {
        return add(location, metapath, EntryKey.of(location, metapath), record, length, index);
    }

    /**
     * Adds a record (copied) for an entry whose key the caller already has (a disk writer remembers them).
     *
     * @param location      the record's location.
     * @param metapath      the record's metapath.
     * @param entryKey      {@code EntryKey.of(location, metapath)}.
     * @param record        the record's bytes.
     * @param length        its length.
     * @param index         its journal index.
     * @return true when it replaced an earlier record for the same entry.
     */
    boolean add(
        final String location,
        final String metapath,
        final String entryKey,
        final byte[] record,
        final int length,
        final long index)
    {
        view.wrap(record, 0, length);
        final byte decision = JournalRecord.decision(view, 0);
        final String chainKey = chainOf.getOrDefault(entryKey, entryKey);
        final Entry chain = byKey.get(chainKey);
        final Entry replaced = chain != null && chain.metapath.equals(metapath) ? chain : null;
        if (decision == JournalRecord.DECISION_SUPERSEDED)
        {
            return supersede(replaced, location, metapath, entryKey, Arrays.copyOf(record, length), index);
        }
        final String key = chain == null || replaced != null ? chainKey : entryKey + "#" + index;
        if (!key.equals(chainOf.get(entryKey)))
        {
            chainOf.put(entryKey, key);
        }
        if (decision != JournalRecord.DECISION_OVERWROTE && decision != JournalRecord.DECISION_KEEP_HISTORY)
        {
            if (replaced == null)
            {
                return keep(new Entry(key, location, metapath, Arrays.copyOf(record, length), index, List.of()));
            }
            rewrite(replaced, record, length, index);
            return true;
        }
        final long otherIndex = JournalRecord.otherIndex(view, 0);
        final boolean inMemory = replaced != null && (decision == JournalRecord.DECISION_KEEP_HISTORY ||
            replaced.index == otherIndex);
        final Loser loser = new Loser(inMemory ? replaced.record : null, inMemory ? replaced.index : otherIndex,
            JournalRecord.otherClient(view, 0), JournalRecord.timeMillis(view, 0), index);
        return keep(new Entry(key, location, metapath, Arrays.copyOf(record, length), index,
            appended(replaced == null ? List.of() : replaced.losers, loser)));
    }

    /**
     * A superseded write goes to history only. When the batch holds writes to its entry already ({@code chain}), it
     * joins their losers, so that the entry's history is written in journal order however the journal is cut into
     * batches (two imprints of one millisecond are named in the order they are written); otherwise it is an entry of
     * its own.
     */
    private boolean supersede(
        final Entry chain,
        final String location,
        final String metapath,
        final String entryKey,
        final byte[] record,
        final long index)
    {
        if (chain == null)
        {
            return keep(new Entry(entryKey + "#" + index, location, metapath, record, index, List.of()));
        }
        chain.losers = appended(chain.losers,
            new Loser(record, index, clientOf(record), JournalRecord.timeMillis(view, 0), index));
        bytes += record.length;
        return false;
    }

    private static List<Loser> appended(final List<Loser> losers, final Loser loser)
    {
        final List<Loser> longer = new ArrayList<>(losers);
        longer.add(loser);
        return List.copyOf(longer);
    }

    /**
     * A plain rewrite: the entry takes the new record (over its own copy when the lengths match; nothing else refers
     * to that copy, as a loser only keeps a record replaced by an overwrite), keeps its losers, and moves to the end.
     */
    private void rewrite(final Entry entry, final byte[] record, final int length, final long index)
    {
        if (entry.record.length == length)
        {
            System.arraycopy(record, 0, entry.record, 0, length);
        }
        else
        {
            bytes += length - entry.record.length;
            entry.record = Arrays.copyOf(record, length);
        }
        entry.index = index;
        unlink(entry);
        append(entry);
    }

    /**
     * Keeps a copy of a record that another coalescer kept (the record a waiting location failed on, kept beyond its
     * batch: {@link WaitingWrites}), replacing any this one keeps under the same key.
     *
     * @param entry the other coalescer's entry (copied).
     * @return true when it replaced an earlier record for the same entry.
     */
    boolean keepFrom(final Entry entry)
    {
        return keep(entry.copy());
    }

    private boolean keep(final Entry entry)
    {
        final Entry replaced = byKey.put(entry.key, entry);
        if (replaced != null)
        {
            unlink(replaced);
            bytes -= replaced.heldBytes();
        }
        append(entry);
        bytes += entry.heldBytes();
        return replaced != null;
    }

    private void append(final Entry entry)
    {
        entry.before = last;
        entry.after = null;
        if (last == null)
        {
            first = entry;
        }
        else
        {
            last.after = entry;
        }
        last = entry;
    }

    private void unlink(final Entry entry)
    {
        if (entry.before == null)
        {
            first = entry.after;
        }
        else
        {
            entry.before.after = entry.after;
        }
        if (entry.after == null)
        {
            last = entry.before;
        }
        else
        {
            entry.after.before = entry.before;
        }
        entry.before = null;
        entry.after = null;
    }

    private static long clientOf(final byte[] record)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(record);
        final int length = record.length - JournalRecord.HEADER_LENGTH;
        return new RequestDecoder().wrap(buffer, JournalRecord.HEADER_LENGTH, length).clientId();
    }

    /**
     * The kept records, in journal order. The iterator's {@code remove} forgets a record.
     *
     * @return the records.
     */
    public Collection<Entry> entries()
    {
        return inJournalOrder;
    }

    /**
     * How many records are kept.
     *
     * @return the count.
     */
    public int size()
    {
        return byKey.size();
    }

    /**
     * The bytes of the kept records, with the losing values they keep for history.
     *
     * @return bytes held.
     */
    public long bytes()
    {
        return bytes;
    }

    /**
     * Forgets every record.
     */
    public void clear()
    {
        byKey.clear();
        chainOf.clear();
        first = null;
        last = null;
        bytes = 0;
    }

    /**
     * The kept records as a collection, walking the journal order.
     */
    private final class InJournalOrder extends AbstractCollection<Entry>
    {
        @Override
        public Iterator<Entry> iterator()
        {
            return new Iterator<>()
            {
                private Entry next = first;
                private Entry current;

                @Override
                public boolean hasNext()
                {
                    return next != null;
                }

                @Override
                public Entry next()
                {
                    if (next == null)
                    {
                        throw new NoSuchElementException();
                    }
                    current = next;
                    next = current.after;
                    return current;
                }

                @Override
                public void remove()
                {
                    if (current == null)
                    {
                        throw new IllegalStateException("next() first");
                    }
                    byKey.remove(current.key);
                    unlink(current);
                    bytes -= current.heldBytes();
                    current = null;
                }
            };
        }

        @Override
        public int size()
        {
            return byKey.size();
        }
    }
}
