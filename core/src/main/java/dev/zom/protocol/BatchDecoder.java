package dev.zom.protocol;

import dev.zom.ErrorCode;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Reads a write batch in place (a flyweight): checks its framing once, then walks its writes without allocating.
 * Each write in a batch is a complete {@code write} request whose length follows from its own header, so the
 * framing check walks those headers and requires them to fill the frame exactly. Not thread-safe; reuse one per
 * thread.
 *
 * <pre>
 * 0 u8 version | 1 u8 operation (5) | 2 u16 count N | 4 u32 reserved | 8 N write requests back to back
 * </pre>
 */
public final class BatchDecoder
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int cursor;
    private int writeOffset;
    private int writeLength;

    /**
     * Whether a frame is a write batch (its operation byte says so); {@link #checkFraming} checks the rest.
     *
     * @param buffer the buffer holding the frame.
     * @param offset where it starts.
     * @param length its length.
     * @return true for a write batch.
     */
    public static boolean isBatch(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= 2 && buffer.getByte(offset + 1) == Protocol.OP_WRITE_BATCH;
    }

    /**
     * Wraps a batch frame and rewinds the walk to its first write.
     *
     * @param buffer the buffer holding it.
     * @param offset where it starts.
     * @param length its length.
     * @return this decoder.
     */
    public BatchDecoder wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        rewind();
        return this;
    }

    /**
     * Checks the batch header and that its writes' declared lengths fill the frame exactly.
     *
     * @param maxWrites the most writes a batch may hold.
     * @return null when well framed, else why not.
     */
    public ErrorCode checkFraming(final int maxWrites)
    {
        if (length < Protocol.BATCH_HEADER_LENGTH)
        {
            return length >= 1 && buffer.getByte(offset) != Protocol.VERSION ?
                ErrorCode.UNSUPPORTED_VERSION : ErrorCode.MALFORMED;
        }
        if (buffer.getByte(offset) != Protocol.VERSION)
        {
            return ErrorCode.UNSUPPORTED_VERSION;
        }
        final int count = count();
        if (count == 0)
        {
            return ErrorCode.MALFORMED;
        }
        if (count > maxWrites)
        {
            return ErrorCode.OVERSIZE;
        }
        int walked = 0;
        while (next())
        {
            walked++;
        }
        final boolean exact = walked == count && cursor == offset + length;
        rewind();
        return exact ? null : ErrorCode.MALFORMED;
    }

    /** @return the buffer the batch is in. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return how many writes the header declares. */
    public int count()
    {
        return buffer.getShort(offset + 2, LE) & 0xFFFF;
    }

    /**
     * Steps to the next write: afterwards {@link #writeOffset()} and {@link #writeLength()} describe it.
     *
     * @return false when there is none, or it would run past the frame.
     */
    public boolean next()
    {
        final int end = offset + length;
        if (cursor + Protocol.REQUEST_HEADER_LENGTH > end)
        {
            return false;
        }
        final long declared = (long)Protocol.REQUEST_HEADER_LENGTH + (buffer.getShort(cursor + 24, LE) & 0xFFFF) +
            (buffer.getShort(cursor + 26, LE) & 0xFFFF) + (buffer.getInt(cursor + 28, LE) & 0xFFFF_FFFFL);
        if (cursor + declared > end)
        {
            return false;
        }
        writeOffset = cursor;
        writeLength = (int)declared;
        cursor += writeLength;
        return true;
    }

    /** @return where the current write starts in the buffer. */
    public int writeOffset()
    {
        return writeOffset;
    }

    /** @return the current write's length. */
    public int writeLength()
    {
        return writeLength;
    }

    private void rewind()
    {
        cursor = offset + Protocol.BATCH_HEADER_LENGTH;
        writeOffset = -1;
        writeLength = 0;
    }
}
