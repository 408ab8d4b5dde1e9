package dev.zom.broker;

import dev.zom.protocol.RequestDecoder;
import org.agrona.DirectBuffer;

/**
 * The last write that stands for each recently written entry: who wrote it, at what priority, when (broker time)
 * and where it is in the journal. A fixed open table indexed by a 64-bit hash of the entry (location, and metapath
 * names lower-cased without suffixes), so looking up and recording allocate nothing; a slot taken by another entry
 * is simply overwritten, which can only forget an old write, never invent a conflict. Journal thread only.
 */
final class ConflictTable
{
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

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
        final long hash = hash(request);
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

    private static long hash(final RequestDecoder request)
    {
        final DirectBuffer b = request.buffer();
        long h = FNV_OFFSET;
        final int locationEnd = request.locationOffset() + request.locationLength();
        for (int i = request.locationOffset(); i < locationEnd; i++)
        {
            h = (h ^ (b.getByte(i) & 0xFF)) * FNV_PRIME;
        }
        h = (h ^ 0x2F) * FNV_PRIME;
        boolean inSuffix = false;
        final int metapathEnd = request.metapathOffset() + request.metapathLength();
        for (int i = request.metapathOffset(); i < metapathEnd; i++)
        {
            final byte c = b.getByte(i);
            if (c == '/')
            {
                inSuffix = false;
            }
            else if (c == '.')
            {
                inSuffix = true;
            }
            if (!inSuffix)
            {
                h = (h ^ ((c >= 'A' && c <= 'Z') ? c | 0x20 : c & 0xFF)) * FNV_PRIME;
            }
        }
        return h == 0 ? 1 : h;
    }
}
