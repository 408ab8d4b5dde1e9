package dev.zom.bench;

import dev.zom.format.Value;
import org.agrona.collections.Long2LongHashMap;

/**
 * What one soak client was acknowledged: for each journal index it was given, a hash of the write it sent (location,
 * metapath, value), to find that write there once the broker has stopped. Not thread-safe: one per client thread.
 */
final class SoakLedger
{
    private static final long NONE = Long.MIN_VALUE;

    private final Long2LongHashMap written = new Long2LongHashMap(NONE);

    /**
     * The hash a write is remembered by.
     *
     * @param location its location.
     * @param metapath its metapath.
     * @param value    its value.
     * @return the hash.
     */
    static long hashOf(final String location, final String metapath, final Value value)
    {
        return (location + " " + metapath + " " + value).hashCode();
    }

    /**
     * Remembers an acknowledged write.
     *
     * @param journalIndex the index its acknowledgement gave.
     * @param hash         {@link #hashOf} the write.
     */
    void acked(final long journalIndex, final long hash)
    {
        written.put(journalIndex, hash);
    }

    /**
     * The hash of the write acknowledged at an index.
     *
     * @param journalIndex a journal index.
     * @return the hash, or {@link #NONE} when this client was given no such index.
     */
    long at(final long journalIndex)
    {
        return written.get(journalIndex);
    }

    /**
     * Whether this client was given an index.
     *
     * @param journalIndex a journal index.
     * @return true when one of its writes was acknowledged there.
     */
    boolean has(final long journalIndex)
    {
        return written.containsKey(journalIndex);
    }

    /**
     * How many acknowledged writes this client remembers.
     *
     * @return the count.
     */
    int size()
    {
        return written.size();
    }
}
