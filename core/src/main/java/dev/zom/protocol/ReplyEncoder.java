package dev.zom.protocol;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Writes replies in the layout {@link ReplyDecoder} reads. Stateless.
 *
 * <pre>
 *  0 u8 version | 1 u8 status | 2 u8 operation | 3 u8 flags | 4 u16 error code | 6 u16 reserved
 *  8 u64 client sequence | 16 i64 journal index | 24 u32 payload length P | 28 u32 reserved | 32 payload
 * </pre>
 */
public final class ReplyEncoder
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private ReplyEncoder()
    {
    }

    /**
     * Writes a reply header; the payload, if any, is written by the caller after it.
     *
     * @param buffer        where to write.
     * @param offset        where the reply starts.
     * @param status        a {@code Protocol.STATUS_*}.
     * @param operation     the request's operation.
     * @param flags         {@code Protocol.FLAG_*} bits.
     * @param errorCode     the error code, 0 when OK.
     * @param sequence      the request's client sequence.
     * @param journalIndex  the journal index of a write, else 0.
     * @param payloadLength the payload's length.
     * @return the header length.
     */
    public static int encodeHeader(
        final MutableDirectBuffer buffer,
        final int offset,
        final byte status,
        final byte operation,
        final byte flags,
        final int errorCode,
        final long sequence,
        final long journalIndex,
        final int payloadLength)
    {
        buffer.putByte(offset, Protocol.VERSION);
        buffer.putByte(offset + 1, status);
        buffer.putByte(offset + 2, operation);
        buffer.putByte(offset + 3, flags);
        buffer.putShort(offset + 4, (short)errorCode, LE);
        buffer.putShort(offset + 6, (short)0, LE);
        buffer.putLong(offset + 8, sequence, LE);
        buffer.putLong(offset + 16, journalIndex, LE);
        buffer.putInt(offset + 24, payloadLength, LE);
        buffer.putInt(offset + 28, 0, LE);
        return Protocol.REPLY_HEADER_LENGTH;
    }
}
