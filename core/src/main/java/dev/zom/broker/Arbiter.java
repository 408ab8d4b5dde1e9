package dev.zom.broker;

import dev.zom.journal.Checkpoint;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * Decides, on the ring and before journaling, what becomes of each write. Today that is one decision: a write
 * whose (client id, client sequence) was already journaled is a retry, acknowledged again with its original index
 * and not journaled twice. Client id 0 is anonymous and never deduplicated.
 *
 * <p>Each client has a window of its most recent sequences; a retry older than the window is journaled again
 * (applying it twice is harmless: the disk writers apply by journal order). Runs on the journal thread only.
 */
final class Arbiter
{
    private final int windowSize;
    private final Long2ObjectHashMap<ClientWindow> windows = new Long2ObjectHashMap<>();

    Arbiter(final int windowSize)
    {
        if (Integer.bitCount(windowSize) != 1)
        {
            throw new IllegalArgumentException("invalid dedup window=" + windowSize + " (a power of two)");
        }
        this.windowSize = windowSize;
    }

    /**
     * The journal index of an earlier write with the same client id and sequence, or {@link Checkpoint#NONE}.
     */
    long duplicateOf(final long clientId, final long sequence)
    {
        if (clientId == 0)
        {
            return Checkpoint.NONE;
        }
        final ClientWindow window = windows.get(clientId);
        return window == null ? Checkpoint.NONE : window.indexOf(sequence);
    }

    /**
     * Remembers a journaled write.
     */
    void journaled(final long clientId, final long sequence, final long index)
    {
        if (clientId != 0)
        {
            ClientWindow window = windows.get(clientId);
            if (window == null)
            {
                window = new ClientWindow(windowSize);
                windows.put(clientId, window);
            }
            window.put(sequence, index);
        }
    }

    /**
     * The sequences and journal indices of one client's most recent writes, in slots by sequence.
     */
    private static final class ClientWindow
    {
        private final long[] sequences;
        private final long[] indices;
        private final int mask;

        ClientWindow(final int size)
        {
            sequences = new long[size];
            indices = new long[size];
            mask = size - 1;
            Arrays.fill(sequences, -1);
        }

        long indexOf(final long sequence)
        {
            final int slot = (int)(sequence & mask);
            return sequences[slot] == sequence ? indices[slot] : Checkpoint.NONE;
        }

        void put(final long sequence, final long index)
        {
            final int slot = (int)(sequence & mask);
            sequences[slot] = sequence;
            indices[slot] = index;
        }
    }
}
