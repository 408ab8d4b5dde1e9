package dev.zom.client;

import dev.zom.format.Value;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayDeque;
import java.util.Comparator;

/**
 * The acknowledged writes a pipeline has sent and not yet seen answered, by sequence: what a resend needs and when
 * each was first sent. Slots are reused once answered, and the map is sized for the window and keyed by primitive
 * sequences, so a pipeline in steady state allocates nothing per write. Not thread-safe.
 */
final class InFlightWrites
{
    /**
     * One write in flight; valid until it is removed.
     */
    static final class InFlightWrite
    {
        private String location;
        private String metapath;
        private Value value;
        private short priority;
        private long sentAtNanos;

        String location()
        {
            return location;
        }

        String metapath()
        {
            return metapath;
        }

        Value value()
        {
            return value;
        }

        short priority()
        {
            return priority;
        }

        long sentAtNanos()
        {
            return sentAtNanos;
        }
    }

    private final Long2ObjectHashMap<InFlightWrite> bySequence;
    private final ArrayDeque<InFlightWrite> free;

    /**
     * Writes in flight for a window.
     *
     * @param window how many writes may be in flight at once.
     */
    InFlightWrites(final int window)
    {
        bySequence = new Long2ObjectHashMap<>(Math.max(8, window * 2), 0.65f);
        free = new ArrayDeque<>(Math.max(8, window));
    }

    /**
     * Records a write just sent.
     *
     * @param sequence    its sequence, unique among those in flight.
     * @param location    its location.
     * @param metapath    its metapath.
     * @param value       its value.
     * @param priority    its priority.
     * @param sentAtNanos when it was sent ({@link System#nanoTime()}).
     */
    void add(
        final long sequence,
        final String location,
        final String metapath,
        final Value value,
        final short priority,
        final long sentAtNanos)
    {
        final InFlightWrite write = free.isEmpty() ? new InFlightWrite() : free.pop();
        write.location = location;
        write.metapath = metapath;
        write.value = value;
        write.priority = priority;
        write.sentAtNanos = sentAtNanos;
        bySequence.put(sequence, write);
    }

    /**
     * The write in flight with a sequence.
     *
     * @param sequence the sequence.
     * @return the write, or null when none is in flight with it.
     */
    InFlightWrite get(final long sequence)
    {
        return bySequence.get(sequence);
    }

    /**
     * Forgets a write once answered; its slot is reused.
     *
     * @param sequence the sequence.
     * @return the write, readable until the next {@link #add} (its location, metapath and value already let go of),
     *     or null when none is in flight with that sequence.
     */
    InFlightWrite remove(final long sequence)
    {
        final InFlightWrite write = bySequence.remove(sequence);
        if (write != null)
        {
            write.location = null;
            write.metapath = null;
            write.value = null;
            free.push(write);
        }
        return write;
    }

    /**
     * The sequences in flight in the order their writes were first sent, for sending them all again (allocates: a
     * broker that stopped answering is not the hot path).
     *
     * @return the sequences.
     */
    long[] inSendingOrder()
    {
        return bySequence.keySet().stream().sorted(Comparator.comparingLong((Long sequence) ->
            bySequence.get(sequence.longValue()).sentAtNanos).thenComparingLong(Long::longValue))
            .mapToLong(Long::longValue).toArray();
    }

    int size()
    {
        return bySequence.size();
    }

    boolean isEmpty()
    {
        return bySequence.isEmpty();
    }
}
