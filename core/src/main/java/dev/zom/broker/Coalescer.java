package dev.zom.broker;

import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.RequestDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Coalesces journal records read in one batch: of several writes to the same entry only the last is kept (the
 * journal keeps them all), and records are applied in the journal order of the writes they keep, so a group
 * replacing a value of the same name (or the reverse) still happens in order. Only writes spelled exactly alike are
 * coalesced: {@code status} then {@code STATUS} are both applied, so the entry keeps the first spelling as it would
 * without coalescing. Used by the disk writers (also for the records of a location that waits for its storage) and
 * by replay. Not thread-safe.
 */
public final class Coalescer
{
    /**
     * A kept record, with the values it replaced inside the conflict window (they go to history before it is
     * written, so coalescing never drops a value that lost a conflict).
     *
     * @param location      its location.
     * @param metapath      its metapath as spelled.
     * @param record        its bytes (a copy).
     * @param index         its journal index.
     * @param previousIndex the journal index read just before it (where a checkpoint may stay to re-read it).
     * @param losers        the values to keep in history first, oldest first.
     */
    public record Entry(
        String location, String metapath, byte[] record, long index, long previousIndex, List<Loser> losers)
    {
    }

    /**
     * A value that lost a conflict: kept in history, stamped with the time of the write that replaced it.
     *
     * @param record     the losing write's record, or null when the loser is the entry's value on disk.
     * @param client     the losing write's client id.
     * @param replacedAt the broker time of the write that replaced it.
     */
    public record Loser(byte[] record, long client, long replacedAt)
    {
    }

    private final Map<String, Entry> pending = new LinkedHashMap<>();
    private final Map<String, String> chainOf = new HashMap<>();
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private long bytes;

    /**
     * Adds a record (copied) for an entry.
     *
     * @param location      the record's location.
     * @param metapath      the record's metapath.
     * @param record        the record's bytes.
     * @param length        its length.
     * @param index         its journal index.
     * @param previousIndex the journal index read just before it.
     * @return true when it replaced an earlier record for the same entry.
     */
    public boolean add(
        final String location,
        final String metapath,
        final byte[] record,
        final int length,
        final long index,
        final long previousIndex)
    {
        return add(location, metapath, EntryKey.of(location, metapath), record, length, index, previousIndex);
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
     * @param previousIndex the journal index read just before it.
     * @return true when it replaced an earlier record for the same entry.
     */
    boolean add(
        final String location,
        final String metapath,
        final String entryKey,
        final byte[] record,
        final int length,
        final long index,
        final long previousIndex)
    {
        view.wrap(record, 0, length);
        final byte decision = JournalRecord.decision(view, 0);
        if (decision == JournalRecord.DECISION_SUPERSEDED)
        {
            return add(entryKey + "#" + index,
                new Entry(location, metapath, Arrays.copyOf(record, length), index, previousIndex, List.of()));
        }
        String key = chainOf.getOrDefault(entryKey, entryKey);
        Entry replaced = pending.get(key);
        if (replaced != null && !replaced.metapath().equals(metapath))
        {
            key = entryKey + "#" + index;
            replaced = null;
        }
        if (!key.equals(chainOf.get(entryKey)))
        {
            chainOf.put(entryKey, key);
        }
        final List<Loser> earlier = replaced == null ? List.of() : replaced.losers();
        if (decision != JournalRecord.DECISION_OVERWROTE && decision != JournalRecord.DECISION_KEEP_HISTORY)
        {
            return add(key, new Entry(location, metapath, copyOver(replaced, record, length), index, previousIndex,
                earlier));
        }
        final List<Loser> losers = new ArrayList<>(earlier);
        final long time = JournalRecord.timeMillis(view, 0);
        final boolean inMemory = replaced != null && (decision == JournalRecord.DECISION_KEEP_HISTORY ||
            replaced.index() == JournalRecord.otherIndex(view, 0));
        losers.add(inMemory ? new Loser(replaced.record(), clientOf(replaced.record()), time) :
            new Loser(null, JournalRecord.otherClient(view, 0), time));
        return add(key, new Entry(location, metapath, Arrays.copyOf(record, length), index, previousIndex,
            List.copyOf(losers)));
    }

    /**
     * A copy of a record that replaces another without keeping it as a loser: written over the replaced record's
     * copy when it has the same length (nothing else refers to that copy; a loser only keeps a record replaced by an
     * overwrite), so a writer rereading the same entries allocates no copies.
     */
    private static byte[] copyOver(final Entry replaced, final byte[] record, final int length)
    {
        if (replaced == null || replaced.record().length != length)
        {
            return Arrays.copyOf(record, length);
        }
        System.arraycopy(record, 0, replaced.record(), 0, length);
        return replaced.record();
    }

    private static long clientOf(final byte[] record)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(record);
        return new RequestDecoder().wrap(buffer, JournalRecord.HEADER_LENGTH, record.length - JournalRecord.HEADER_LENGTH)
            .clientId();
    }

    boolean add(final String key, final Entry entry)
    {
        final Entry replaced = pending.remove(key);
        bytes += heldBytes(entry) - (replaced == null ? 0 : heldBytes(replaced));
        pending.put(key, entry);
        return replaced != null;
    }

    private static long heldBytes(final Entry entry)
    {
        long held = entry.record().length;
        for (final Loser loser : entry.losers())
        {
            held += loser.record() == null ? 0 : loser.record().length;
        }
        return held;
    }

    /**
     * The kept records, in journal order. A kept record's bytes are valid until the next {@link #add} or
     * {@link #clear()}: a later write to the same entry may be copied over them.
     *
     * @return the records.
     */
    public Collection<Entry> entries()
    {
        return pending.values();
    }

    Map<String, Entry> byKey()
    {
        return pending;
    }

    /**
     * How many records are kept.
     *
     * @return the count.
     */
    public int size()
    {
        return pending.size();
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
        pending.clear();
        chainOf.clear();
        bytes = 0;
    }
}
