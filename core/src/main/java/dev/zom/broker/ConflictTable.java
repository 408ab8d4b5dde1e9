package dev.zom.broker;

import dev.zom.protocol.RequestDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * The last write that stands for each recently written entry: who wrote it, at what priority, when (nanoseconds on
 * the broker's monotonic clock) and where it is in the journal. A fixed open table indexed by a 64-bit hash of the
 * entry (the location read eight bytes at a time, then the metapath's names lower-cased without suffixes), so looking
 * up and recording allocate nothing; a slot taken by another entry is simply overwritten, which can only forget an
 * old write, never invent a conflict. Journal thread only.
 */
final class ConflictTable
{
    private static final long SEED = 0x27D4_EB2F_1656_67C5L;
    private static final long K1 = 0x9E37_79B9_7F4A_7C15L;
    private static final long K2 = 0xC2B2_AE3D_27D4_EB4FL;
    private static final long FINAL = 0xFF51_AFD7_ED55_8CCDL;

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
        long h = SEED;
        int i = request.locationOffset();
        final int locationEnd = i + request.locationLength();
        for (; i + Long.BYTES <= locationEnd; i += Long.BYTES)
        {
            h = mix(h, b.getLong(i, ByteOrder.LITTLE_ENDIAN));
        }
        for (; i < locationEnd; i++)
        {
            h = mix(h, b.getByte(i) & 0xFF);
        }
        h = mix(h, '/');
        boolean inSuffix = false;
        final int metapathEnd = request.metapathOffset() + request.metapathLength();
        for (i = request.metapathOffset(); i < metapathEnd; i++)
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
                h = mix(h, (c >= 'A' && c <= 'Z') ? c | 0x20 : c & 0xFF);
            }
        }
        h ^= h >>> 33;
        h *= FINAL;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    private static long mix(final long h, final long word)
    {
        return Long.rotateLeft(h ^ (word * K2), 31) * K1;
    }
}
