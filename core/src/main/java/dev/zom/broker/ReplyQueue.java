package dev.zom.broker;

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
    private static final int MSG_TYPE = 1;
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
        final int index = ring.tryClaim(MSG_TYPE, length);
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
