package dev.zom.broker;

import dev.zom.protocol.RequestDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * A disk writer's memory of the entries it has read: from a journal record's location and metapath bytes to their
 * strings, the entry's coalescing key and the file store that holds it. A writer reads every record of the journal
 * but a tree has far fewer entries than the journal has writes, so after the first record of an entry this finds its
 * names without decoding, lower-casing or allocating anything. It holds at most {@link #MAX_NAMES} entries and
 * forgets them all when full (one batch of distinct entries fits many times). Not thread-safe: owned by its writer.
 */
final class RecordNames
{
    /** The most entries remembered; twice the default writer batch. */
    static final int MAX_NAMES = 8192;

    private final Stores stores;
    private final Names[] slots = new Names[MAX_NAMES * 2];
    private final int mask = slots.length - 1;
    private byte[] scratch = new byte[512];
    private final UnsafeBuffer scratchView = new UnsafeBuffer(scratch);
    private int size;

    /**
     * The names of one entry as a writer uses them.
     *
     * @param location its location.
     * @param metapath its metapath as spelled.
     * @param entryKey its {@link EntryKey}.
     * @param store    the file store holding it, or null when no root holds it.
     * @param bytes    the location's bytes followed by the metapath's.
     * @param split    where the metapath starts in {@code bytes}.
     * @param hash     the hash of {@code bytes}.
     */
    record Names(String location, String metapath, String entryKey, Stores.Store store, byte[] bytes, int split,
        int hash)
    {
    }

    RecordNames(final Stores stores)
    {
        this.stores = stores;
    }

    /**
     * The names of the request's entry.
     *
     * @param request a decoder wrapped around a write.
     * @return its names, remembered from an earlier record when there was one.
     */
    Names of(final RequestDecoder request)
    {
        final int locationLength = request.locationLength();
        final int length = locationLength + request.metapathLength();
        if (scratch.length < length)
        {
            scratch = new byte[Math.max(length, scratch.length * 2)];
            scratchView.wrap(scratch);
        }
        final DirectBuffer buffer = request.buffer();
        buffer.getBytes(request.locationOffset(), scratch, 0, locationLength);
        buffer.getBytes(request.metapathOffset(), scratch, locationLength, length - locationLength);
        final int hash = hash(length, locationLength);
        final int home = (hash ^ hash >>> 16) & mask;
        int slot = home;
        Names names;
        while ((names = slots[slot]) != null)
        {
            if (names.hash() == hash && names.split() == locationLength &&
                Arrays.equals(names.bytes(), 0, names.bytes().length, scratch, 0, length))
            {
                return names;
            }
            slot = slot + 1 & mask;
        }
        if (size == MAX_NAMES)
        {
            Arrays.fill(slots, null);
            size = 0;
            slot = home;
        }
        final String location = request.location();
        final String metapath = request.metapath();
        names = new Names(location, metapath, EntryKey.of(location, metapath), stores.storeOf(location),
            Arrays.copyOf(scratch, length), locationLength, hash);
        slots[slot] = names;
        size++;
        return names;
    }

    /**
     * Hashes the names in {@code scratch} eight bytes at a time.
     */
    private int hash(final int length, final int locationLength)
    {
        long hash = locationLength;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            hash = 31 * hash + scratchView.getLong(i);
        }
        for (; i < length; i++)
        {
            hash = 31 * hash + scratch[i];
        }
        return (int)(hash ^ hash >>> 32);
    }
}
