package dev.zom.broker;

import dev.zom.protocol.RequestDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * A 64-bit hash of the entry a request names: its location's bytes read eight at a time, then its metapath's names
 * lower-cased without suffixes, so every spelling of one entry ({@link EntryKey}) hashes alike. Allocation-free: the
 * journal thread hashes every write ({@link ConflictTable}), the query threads every journal record
 * ({@link PendingIndex}).
 */
final class EntryHash
{
    private static final long SEED = 0x27D4_EB2F_1656_67C5L;
    private static final long K1 = 0x9E37_79B9_7F4A_7C15L;
    private static final long K2 = 0xC2B2_AE3D_27D4_EB4FL;
    private static final long FINAL = 0xFF51_AFD7_ED55_8CCDL;

    private EntryHash()
    {
    }

    /**
     * The hash of the entry a request names.
     *
     * @param request a decoded request (a write, or a read of the entry).
     * @return the hash, never 0.
     */
    static long of(final RequestDecoder request)
    {
        final DirectBuffer b = request.buffer();
        long h = mix(locationPart(request), '/');
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
                h = mix(h, (c >= 'A' && c <= 'Z') ? c | 0x20 : c & 0xFF);
            }
        }
        h = finish(h);
        return h == 0 ? 1 : h;
    }

    /**
     * The hash of the location a request names (a listing's, or a write's for its listings).
     *
     * @param request a decoded request.
     * @return the hash, never 0.
     */
    static long ofLocation(final RequestDecoder request)
    {
        final long h = finish(locationPart(request));
        return h == 0 ? 1 : h;
    }

    private static long locationPart(final RequestDecoder request)
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
        return h;
    }

    private static long finish(final long hash)
    {
        long h = hash;
        h ^= h >>> 33;
        h *= FINAL;
        h ^= h >>> 33;
        return h;
    }

    private static long mix(final long h, final long word)
    {
        return Long.rotateLeft(h ^ (word * K2), 31) * K1;
    }
}
