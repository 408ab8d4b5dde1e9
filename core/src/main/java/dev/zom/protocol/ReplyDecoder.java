package dev.zom.protocol;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads a reply in place (a flyweight). Not thread-safe; reuse one per thread.
 */
public final class ReplyDecoder
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * Wraps a reply.
     *
     * @param buffer the buffer holding it.
     * @param offset where it starts.
     * @param length its length.
     * @return this decoder.
     */
    public ReplyDecoder wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /**
     * Whether the header is complete and the payload length fits.
     *
     * @return true when well formed.
     */
    public boolean isWellFormed()
    {
        return length >= Protocol.REPLY_HEADER_LENGTH && buffer.getByte(offset) == Protocol.VERSION &&
            Protocol.REPLY_HEADER_LENGTH + (long)payloadLength() == length;
    }

    /** @return the buffer the reply is in. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return the status. */
    public byte status()
    {
        return buffer.getByte(offset + 1);
    }

    /** @return the operation replied to. */
    public byte operation()
    {
        return buffer.getByte(offset + 2);
    }

    /** @return the flags. */
    public byte flags()
    {
        return buffer.getByte(offset + 3);
    }

    /** @return the error code, 0 when OK. */
    public int errorCode()
    {
        return buffer.getShort(offset + 4, LE) & 0xFFFF;
    }

    /** @return the request's client sequence. */
    public long sequence()
    {
        return buffer.getLong(offset + 8, LE);
    }

    /** @return the journal index of a write. */
    public long journalIndex()
    {
        return buffer.getLong(offset + 16, LE);
    }

    /** @return the payload's length. */
    public int payloadLength()
    {
        return buffer.getInt(offset + 24, LE);
    }

    /** @return where the payload starts in the buffer. */
    public int payloadOffset()
    {
        return offset + Protocol.REPLY_HEADER_LENGTH;
    }

    /**
     * The payload as UTF-8 text (allocates): the reason of an error, a listing, the counters.
     *
     * @return the text.
     */
    public String payloadText()
    {
        final byte[] bytes = new byte[payloadLength()];
        buffer.getBytes(payloadOffset(), bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
