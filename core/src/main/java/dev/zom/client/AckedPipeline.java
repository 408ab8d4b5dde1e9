package dev.zom.client;

import dev.zom.ErrorCode;
import dev.zom.format.Value;

/**
 * Acknowledged writes with many in flight instead of one round trip each: {@link #submit} sends and, when the
 * window is full, first waits for the oldest acknowledgement; writes the broker was too busy to take, and every write
 * in flight when no reply came within the client's timeout, are sent again with their sequence (so never journaled
 * twice); a write refused for a permanent reason goes to the listener (which throws it by default);
 * {@code unavailable} (the broker cannot journal now) is thrown, for the caller to try again later rather than resend
 * in a loop. Not thread-safe: one per client.
 */
public final class AckedPipeline
{
    /**
     * Told of each acknowledgement, in order.
     */
    @FunctionalInterface
    public interface AckListener
    {
        /**
         * One write was acknowledged.
         *
         * @param ack         the acknowledgement.
         * @param sentAtNanos when the write was first sent ({@link System#nanoTime()}).
         */
        void onAck(Ack ack, long sentAtNanos);

        /**
         * One write was refused for a reason that sending it again cannot fix. By default the refusal is thrown out
         * of {@link #submit} or {@link #flush} (the write stays described by {@link #describe}); a listener that
         * returns instead lets the pipeline go on without it.
         *
         * @param refused the refusal, with the write's sequence.
         */
        default void onRefused(final WriteRefusedException refused)
        {
            throw refused;
        }
    }

    private final ZomClient client;
    private final int window;
    private final AckListener listener;
    private final InFlightWrites pending;
    private long acked;
    private long duplicates;
    private long resent;
    private int silentWaits;

    /**
     * A pipeline over a client.
     *
     * @param client   the client.
     * @param window   how many writes may be unacknowledged at once.
     * @param listener told of each acknowledgement.
     */
    public AckedPipeline(final ZomClient client, final int window, final AckListener listener)
    {
        this.client = client;
        this.window = window;
        this.listener = listener;
        this.pending = new InFlightWrites(window);
    }

    /**
     * Sends a write, first waiting for acknowledgements while the window is full.
     *
     * @param location an absolute location.
     * @param metapath a metapath.
     * @param value    the value.
     * @return the write's sequence.
     */
    public long submit(final String location, final String metapath, final Value value)
    {
        while (pending.size() >= window)
        {
            receiveOne();
        }
        final long sequence = client.send(location, metapath, value);
        pending.add(sequence, location, metapath, value, client.priority(), System.nanoTime());
        return sequence;
    }

    /**
     * Sends a write with its own sequence and priority (a staged write), first waiting for acknowledgements while
     * the window is full.
     *
     * @param sequence the write's sequence, unique among those in flight.
     * @param priority its priority.
     * @param location an absolute location.
     * @param metapath a metapath.
     * @param value    the value.
     */
    public void submit(
        final long sequence, final short priority, final String location, final String metapath, final Value value)
    {
        while (pending.size() >= window)
        {
            receiveOne();
        }
        client.send(sequence, priority, location, metapath, value);
        pending.add(sequence, location, metapath, value, priority, System.nanoTime());
    }

    /**
     * Waits until every submitted write is acknowledged.
     */
    public void flush()
    {
        while (!pending.isEmpty())
        {
            receiveOne();
        }
    }

    private void receiveOne()
    {
        try
        {
            final Ack ack = client.receiveAck();
            final InFlightWrites.InFlightWrite write = pending.remove(ack.sequence());
            if (write == null)
            {
                return;
            }
            silentWaits = 0;
            final long sentAtNanos = write.sentAtNanos();
            acked++;
            duplicates += ack.duplicate() ? 1 : 0;
            listener.onAck(ack, sentAtNanos);
        }
        catch (final NoReplyException timeout)
        {
            sendAllAgain(timeout);
        }
        catch (final WriteRefusedException refused)
        {
            final InFlightWrites.InFlightWrite write = pending.get(refused.sequence());
            if (write == null)
            {
                return;
            }
            silentWaits = 0;
            if (refused.code() == ErrorCode.UNAVAILABLE)
            {
                throw refused;
            }
            if (!refused.isTransient())
            {
                listener.onRefused(refused);
                pending.remove(refused.sequence());
                return;
            }
            resent++;
            client.send(refused.sequence(), write.priority(), write.location(), write.metapath(), write.value());
        }
    }

    /**
     * After a reply timeout, sends every write in flight again, in the order they were first sent, on a new
     * connection when the client says to ({@link ZomClient#reconnectToSendAgain}, as {@link ZomClient#writeAcked}
     * does for one write): a write the broker already journaled is acknowledged with its original index.
     */
    private void sendAllAgain(final NoReplyException timeout)
    {
        client.reconnectToSendAgain(timeout, silentWaits++, pending.size() + " writes in flight", -1, true);
        for (final long sequence : pending.inSendingOrder())
        {
            final InFlightWrites.InFlightWrite write = pending.get(sequence);
            resent++;
            client.send(sequence, write.priority(), write.location(), write.metapath(), write.value());
        }
    }

    /**
     * The location, metapath and value of a submitted write not yet acknowledged, for error messages.
     *
     * @param sequence its sequence.
     * @return a description, or null.
     */
    public String describe(final long sequence)
    {
        final InFlightWrites.InFlightWrite write = pending.get(sequence);
        return write == null ? null : write.location() + " " + write.metapath();
    }

    /** @return writes acknowledged. */
    public long acked()
    {
        return acked;
    }

    /** @return acknowledgements that were duplicates of writes already journaled. */
    public long duplicates()
    {
        return duplicates;
    }

    /** @return writes sent again after busy, or after a reply timeout. */
    public long resent()
    {
        return resent;
    }
}
