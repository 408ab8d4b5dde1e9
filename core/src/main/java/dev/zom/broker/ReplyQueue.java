package dev.zom.broker;

import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestDecoder;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Replies for ROUTER writes, handed from the ack handler (one producer) to the ingress agent (one consumer), which
 * sends them: this is how "journaled up to N" reaches the thread that owns the sockets. A bounded, allocation-free
 * ring of records; a reply record holds the wire frame ready to send (one write's reply, or a batch's).
 *
 * <pre>
 * 0 u16 identity length I | 2 u8 delimiter | 3 u8 reserved | 4 identity | 4+I the reply frame
 * </pre>
 */
final class ReplyQueue
{
    static final int MSG_REPLY = 1;
    static final int MSG_EVENT = 2;
    private static final int FIXED_LENGTH = 4;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final OneToOneRingBuffer ring;

    ReplyQueue(final int capacity)
    {
        final int size = BitUtil.findNextPositivePowerOfTwo(capacity) + RingBufferDescriptor.TRAILER_LENGTH;
        ring = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(size)));
    }

    /**
     * A capacity whose largest record holds the reply to the largest batch.
     *
     * @param ringSize the write ring's slots.
     * @param maxBatch the most writes in a batch.
     * @return bytes.
     */
    static int capacityFor(final int ringSize, final int maxBatch)
    {
        final int largestRecord = FIXED_LENGTH + WriteEvent.MAX_IDENTITY + Protocol.REPLY_HEADER_LENGTH +
            maxBatch * (Protocol.REPLY_HEADER_LENGTH + WriteReplies.MAX_REASON);
        return Math.max(Math.max(1 << 20, ringSize * 512), BitUtil.findNextPositivePowerOfTwo(largestRecord * 8));
    }

    /**
     * Offers the reply to one write.
     *
     * @return false when the queue is full (try again).
     */
    boolean offer(final WriteEvent event)
    {
        final int index = claim(event, WriteReplies.length(event));
        if (index <= 0)
        {
            return false;
        }
        WriteReplies.encode(ring.buffer(), index + FIXED_LENGTH + event.identityLength, event);
        ring.commit(index);
        return true;
    }

    /**
     * Offers a ready reply frame to the client the event came from (the reply to a batch).
     *
     * @return false when the queue is full (try again).
     */
    boolean offer(final WriteEvent event, final DirectBuffer frame, final int length)
    {
        final int index = claim(event, length);
        if (index <= 0)
        {
            return false;
        }
        ring.buffer().putBytes(index + FIXED_LENGTH + event.identityLength, frame, 0, length);
        ring.commit(index);
        return true;
    }

    private int claim(final WriteEvent event, final int frameLength)
    {
        final int index = ring.tryClaim(MSG_REPLY, FIXED_LENGTH + event.identityLength + frameLength);
        if (index > 0)
        {
            final MutableDirectBuffer b = ring.buffer();
            b.putShort(index, (short)event.identityLength, LE);
            b.putByte(index + 2, (byte)(event.delimiter ? 1 : 0));
            b.putByte(index + 3, (byte)0);
            b.putBytes(index + FIXED_LENGTH, event.identity, 0, event.identityLength);
        }
        return index;
    }

    /**
     * Reads a reply record's identity into {@code identity}.
     *
     * @return the identity's length.
     */
    static int identity(final DirectBuffer buffer, final int index, final byte[] identity)
    {
        final int length = buffer.getShort(index, LE) & 0xFFFF;
        buffer.getBytes(index + FIXED_LENGTH, identity, 0, length);
        return length;
    }

    /** @return whether a reply record's client sent the empty delimiter frame (a REQ socket). */
    static boolean delimiter(final DirectBuffer buffer, final int index)
    {
        return buffer.getByte(index + 2) != 0;
    }

    /** @return where a reply record's frame starts. */
    static int frameOffset(final DirectBuffer buffer, final int index)
    {
        return index + FIXED_LENGTH + (buffer.getShort(index, LE) & 0xFFFF);
    }

    /**
     * Offers a conflict event for the PUB socket: the location (the topic), then the event body of
     * {@code docs/PROTOCOL.md}.
     *
     * <pre>0 u16 location length L | 2 location | 2+L event body (48-byte header, then the metapath)</pre>
     *
     * @return false when the queue is full (try again).
     */
    boolean offerEvent(final WriteEvent event, final RequestDecoder request, final byte kind)
    {
        final int locationLength = request.locationLength();
        final int metapathLength = request.metapathLength();
        final int length = 2 + locationLength + Protocol.EVENT_HEADER_LENGTH + metapathLength;
        final int index = ring.tryClaim(MSG_EVENT, length);
        if (index <= 0)
        {
            return false;
        }
        final MutableDirectBuffer b = ring.buffer();
        b.putShort(index, (short)locationLength, LE);
        b.putBytes(index + 2, request.buffer(), request.locationOffset(), locationLength);
        final int body = index + 2 + locationLength;
        b.putByte(body, Protocol.VERSION);
        b.putByte(body + 1, kind);
        b.putShort(body + 2, (short)metapathLength, LE);
        b.putInt(body + 4, 0, LE);
        b.putLong(body + 8, event.clientId, LE);
        b.putLong(body + 16, event.journalIndex, LE);
        b.putLong(body + 24, event.otherClient, LE);
        b.putLong(body + 32, event.otherIndex, LE);
        b.putLong(body + 40, event.timeMillis, LE);
        b.putBytes(body + Protocol.EVENT_HEADER_LENGTH, request.buffer(), request.metapathOffset(), metapathLength);
        ring.commit(index);
        return true;
    }

    /**
     * Hands queued replies to a handler.
     *
     * @param handler the handler.
     * @param limit   at most this many.
     * @return how many were handled.
     */
    int drain(final MessageHandler handler, final int limit)
    {
        return ring.read(handler, limit);
    }
}
