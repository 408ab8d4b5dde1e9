package dev.zom.broker;

import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestDecoder;
import org.agrona.BitUtil;
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
 * ring of records.
 *
 * <pre>
 * 0 u8 status | 1 u8 flags | 2 u8 delimiter | 3 u8 reserved | 4 u16 error code | 6 u16 identity length I
 * 8 i64 client sequence | 16 i64 journal index | 24 u16 reason length R | 26 u64 other client | 34 i64 other index
 * 42 identity | 42+I reason (ASCII)
 * </pre>
 */
final class ReplyQueue
{
    static final int FIXED_LENGTH = 42;
    static final int MSG_REPLY = 1;
    static final int MSG_EVENT = 2;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final OneToOneRingBuffer ring;

    ReplyQueue(final int capacity)
    {
        final int size = BitUtil.findNextPositivePowerOfTwo(capacity) + RingBufferDescriptor.TRAILER_LENGTH;
        ring = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(size)));
    }

    /**
     * Offers the reply for one event.
     *
     * @return false when the queue is full (try again).
     */
    boolean offer(final WriteEvent event, final byte status, final byte flags, final int errorCode)
    {
        final String reason = event.reason == null ? "" : event.reason;
        final int length = FIXED_LENGTH + event.identityLength + reason.length();
        final int index = ring.tryClaim(MSG_REPLY, length);
        if (index <= 0)
        {
            return false;
        }
        final MutableDirectBuffer b = ring.buffer();
        b.putByte(index, status);
        b.putByte(index + 1, flags);
        b.putByte(index + 2, (byte)(event.delimiter ? 1 : 0));
        b.putByte(index + 3, (byte)0);
        b.putShort(index + 4, (short)errorCode, LE);
        b.putShort(index + 6, (short)event.identityLength, LE);
        b.putLong(index + 8, event.sequence, LE);
        b.putLong(index + 16, event.journalIndex, LE);
        b.putShort(index + 24, (short)reason.length(), LE);
        b.putLong(index + 26, event.otherClient, LE);
        b.putLong(index + 34, event.otherIndex, LE);
        b.putBytes(index + FIXED_LENGTH, event.identity, 0, event.identityLength);
        b.putStringWithoutLengthAscii(index + FIXED_LENGTH + event.identityLength, reason);
        ring.commit(index);
        return true;
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
