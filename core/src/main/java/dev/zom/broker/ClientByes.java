package dev.zom.broker;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.function.LongConsumer;

/**
 * The ids of clients that said they are done ({@code bye}), handed from the ingress agent (one producer) to the ring
 * thread that owns the retry windows (one consumer). Bounded and allocation-free; a bye that finds it full is dropped,
 * which costs only memory: that client's window then waits for the expiry like any other.
 */
final class ClientByes
{
    /** Byes held at most between two batches of the ring thread. */
    static final int CAPACITY = 4096;
    private static final int MSG_BYE = 1;

    private final OneToOneRingBuffer ring = new OneToOneRingBuffer(new UnsafeBuffer(
        ByteBuffer.allocateDirect(CAPACITY * 16 + RingBufferDescriptor.TRAILER_LENGTH)));
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[Long.BYTES]);
    private final MessageHandler reader = this::read;
    private LongConsumer consumer;

    /**
     * Hands a client's bye on (ingress thread).
     *
     * @param clientId the client's id.
     * @return false when it was dropped.
     */
    boolean offer(final long clientId)
    {
        scratch.putLong(0, clientId);
        return ring.write(MSG_BYE, scratch, 0, Long.BYTES);
    }

    /**
     * Takes every bye handed on so far (ring thread).
     *
     * @param into what takes each client id.
     */
    void drain(final LongConsumer into)
    {
        consumer = into;
        ring.read(reader);
    }

    private void read(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        consumer.accept(buffer.getLong(index));
    }
}
