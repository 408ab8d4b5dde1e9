package dev.zom.protocol;

import dev.zom.ErrorCode;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Reads a request in place (a flyweight): wrap a buffer, check its structure, then read fields without allocating.
 * Not thread-safe; reuse one per thread.
 *
 * <pre>
 *  0 u8 version | 1 u8 operation | 2 u8 type | 3 u8 flags | 4 i16 priority | 6 u16 reserved
 *  8 u64 client id | 16 u64 client sequence | 24 u16 location length L | 26 u16 metapath length M
 * 28 u32 value length V | 32 location (L bytes) | metapath (M bytes) | value (V bytes)
 * </pre>
 */
public final class RequestDecoder
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * Wraps a request.
     *
     * @param buffer the buffer holding it.
     * @param offset where it starts.
     * @param length its length.
     * @return this decoder.
     */
    public RequestDecoder wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /**
     * Checks the header (version, operation, no flag this version does not define) and that the declared lengths add
     * up to the message length.
     *
     * @return null when well formed, else why not.
     */
    public ErrorCode checkStructure()
    {
        if (length < 1)
        {
            return ErrorCode.MALFORMED;
        }
        if (version() != Protocol.VERSION)
        {
            return ErrorCode.UNSUPPORTED_VERSION;
        }
        if (length < Protocol.REQUEST_HEADER_LENGTH)
        {
            return ErrorCode.MALFORMED;
        }
        if (declaredLength() != length || valueLength() < 0 || (flags() & ~Protocol.REQUEST_FLAG_KEEP_HISTORY) != 0)
        {
            return ErrorCode.MALFORMED;
        }
        final byte op = operation();
        return op >= Protocol.OP_WRITE && op <= Protocol.OP_STAT || op == Protocol.OP_BYE ? null :
            ErrorCode.UNKNOWN_OPERATION;
    }

    /** @return the length the header declares: its own, the location's, the metapath's and the value's. */
    public long declaredLength()
    {
        return (long)Protocol.REQUEST_HEADER_LENGTH + locationLength() + metapathLength() +
            (valueLength() & 0xFFFF_FFFFL);
    }

    /** @return the protocol version. */
    public byte version()
    {
        return buffer.getByte(offset);
    }

    /** @return the operation code. */
    public byte operation()
    {
        return buffer.getByte(offset + 1);
    }

    /** @return the value type code. */
    public byte typeCode()
    {
        return buffer.getByte(offset + 2);
    }

    /** @return the request's flags ({@code Protocol.REQUEST_FLAG_*} bits). */
    public byte flags()
    {
        return buffer.getByte(offset + 3);
    }

    /** @return whether the value this write replaces goes to the entry's history. */
    public boolean keepsHistory()
    {
        return (flags() & Protocol.REQUEST_FLAG_KEEP_HISTORY) != 0;
    }

    /** @return the priority. */
    public short priority()
    {
        return buffer.getShort(offset + 4, LE);
    }

    /** @return the client id; 0 means anonymous (no deduplication). */
    public long clientId()
    {
        return buffer.getLong(offset + 8, LE);
    }

    /** @return the client's sequence number for this request. */
    public long sequence()
    {
        return buffer.getLong(offset + 16, LE);
    }

    /** @return the location's length in bytes. */
    public int locationLength()
    {
        return buffer.getShort(offset + 24, LE) & 0xFFFF;
    }

    /** @return the metapath's length in bytes. */
    public int metapathLength()
    {
        return buffer.getShort(offset + 26, LE) & 0xFFFF;
    }

    /** @return the value's length in bytes. */
    public int valueLength()
    {
        return buffer.getInt(offset + 28, LE);
    }

    /** @return where the location starts in the buffer. */
    public int locationOffset()
    {
        return offset + Protocol.REQUEST_HEADER_LENGTH;
    }

    /** @return where the metapath starts in the buffer. */
    public int metapathOffset()
    {
        return locationOffset() + locationLength();
    }

    /** @return where the value starts in the buffer. */
    public int valueOffset()
    {
        return metapathOffset() + metapathLength();
    }

    /** @return the wrapped buffer. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * The location as a string (allocates: for tools and slow paths).
     *
     * @return the location.
     */
    public String location()
    {
        return buffer.getStringWithoutLengthAscii(locationOffset(), locationLength());
    }

    /**
     * The metapath as a string (allocates: for tools and slow paths).
     *
     * @return the metapath.
     */
    public String metapath()
    {
        return buffer.getStringWithoutLengthAscii(metapathOffset(), metapathLength());
    }
}
