package dev.zom.broker;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Coalesces journal records read in one batch: of several writes to the same entry only the last is kept (the
 * journal keeps them all), and records are applied in the journal order of the writes they keep, so a group
 * replacing a value of the same name (or the reverse) still happens in order. Used by the disk writers (also for
 * the records of a location that waits for its storage) and by replay. Not thread-safe.
 */
public final class Coalescer
{
    /**
     * A kept record.
     *
     * @param location      its location.
     * @param record        its bytes (a copy).
     * @param index         its journal index.
     * @param previousIndex the journal index read just before it (where a checkpoint may stay to re-read it).
     */
    public record Entry(String location, byte[] record, long index, long previousIndex)
    {
    }

    private final Map<String, Entry> pending = new LinkedHashMap<>();
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
        return add(EntryKey.of(location, metapath), new Entry(location, Arrays.copyOf(record, length), index,
            previousIndex));
    }

    boolean add(final String key, final Entry entry)
    {
        final Entry replaced = pending.remove(key);
        bytes += entry.record().length - (replaced == null ? 0 : replaced.record().length);
        pending.put(key, entry);
        return replaced != null;
    }

    /**
     * The kept records, in journal order.
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
     * The bytes of the kept records.
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
        bytes = 0;
    }
}
