package dev.zom.broker;

import dev.zom.protocol.RequestDecoder;

/**
 * The last write that stands for each recently written entry: who wrote it, at what priority, when (nanoseconds on the
 * broker's monotonic clock) and where it is in the journal. A fixed open table indexed by the entry's
 * {@link EntryHash}, so looking up and recording allocate nothing; a slot taken by another entry is simply
 * overwritten, which can only forget an old write, never invent a conflict. Journal thread only.
 */
final class ConflictTable
{
    private final long[] hashes;
    private final long[] clients;
    private final short[] priorities;
    private final long[] times;
    private final long[] indices;
    private final int mask;
    private int slot;

    ConflictTable(final int size)
    {
        if (Integer.bitCount(size) != 1)
        {
            throw new IllegalArgumentException("invalid conflict table size=" + size + " (a power of two)");
        }
        hashes = new long[size];
        clients = new long[size];
        priorities = new short[size];
        times = new long[size];
        indices = new long[size];
        mask = size - 1;
    }

    /**
     * Finds the entry of a request; {@link #found()} and the getters then describe its standing write.
     *
     * @return the entry's hash.
     */
    long find(final RequestDecoder request)
    {
        final long hash = EntryHash.of(request);
        slot = (int)(hash ^ (hash >>> 32)) & mask;
        return hash;
    }

    boolean found(final long hash)
    {
        return hashes[slot] == hash;
    }

    long client()
    {
        return clients[slot];
    }

    short priority()
    {
        return priorities[slot];
    }

    long time()
    {
        return times[slot];
    }

    long index()
    {
        return indices[slot];
    }

    /**
     * Records the write that now stands for the entry last found.
     */
    void record(final long hash, final long client, final short priority, final long time, final long index)
    {
        hashes[slot] = hash;
        clients[slot] = client;
        priorities[slot] = priority;
        times[slot] = time;
        indices[slot] = index;
    }

}
