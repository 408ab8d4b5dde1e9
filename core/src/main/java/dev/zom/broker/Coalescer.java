package dev.zom.broker;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Coalesces journal records read in one batch: of several writes to the same entry only the last is kept (the
 * journal keeps them all), and records are applied in the journal order of the writes they keep, so a group
 * replacing a value of the same name (or the reverse) still happens in order. Used by the disk writers and by
 * replay. Not thread-safe.
 */
public final class Coalescer
{
    private final Map<String, byte[]> pending = new LinkedHashMap<>();

    /**
     * Adds a record (copied) for an entry.
     *
     * @param location the record's location.
     * @param metapath the record's metapath.
     * @param record   the record's bytes.
     * @param length   its length.
     * @return true when it replaced an earlier record for the same entry.
     */
    public boolean add(final String location, final String metapath, final byte[] record, final int length)
    {
        final String key = EntryKey.of(location, metapath);
        final boolean replaced = pending.remove(key) != null;
        pending.put(key, Arrays.copyOf(record, length));
        return replaced;
    }

    /**
     * The kept records, in journal order.
     *
     * @return the records.
     */
    public Collection<byte[]> records()
    {
        return pending.values();
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
     * Forgets every record.
     */
    public void clear()
    {
        pending.clear();
    }
}
