package dev.zom.protocol;

import dev.zom.format.Value;
import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;

/**
 * Builds a write batch frame: {@link #add} encodes one complete {@code write} request after the ones before it,
 * {@link #finish} writes the batch header. Reused from batch to batch without allocating once its buffer has grown.
 * Not thread-safe.
 */
public final class BatchEncoder
{
    private final RequestEncoder encoder = new RequestEncoder();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64 * 1024);
    private int length = Protocol.BATCH_HEADER_LENGTH;
    private int count;

    /**
     * Appends one write.
     *
     * @param clientId the client id.
     * @param sequence the write's client sequence.
     * @param flags    its request flags ({@code Protocol.REQUEST_FLAG_*}), 0 for none.
     * @param priority its priority.
     * @param location an absolute location.
     * @param metapath a metapath.
     * @param value    the value.
     */
    public void add(
        final long clientId,
        final long sequence,
        final byte flags,
        final short priority,
        final String location,
        final String metapath,
        final Value value)
    {
        length += encoder.encode(buffer, length, Protocol.OP_WRITE, clientId, sequence, flags, priority, location,
            metapath, value);
        count++;
    }

    /**
     * Takes the write added last back out of the batch, to send it alone: its request stays in {@link #buffer()}
     * from {@code offset} (the batch's length before it was added) until the next {@link #add}.
     *
     * @param offset where the write added last begins.
     */
    public void removeLast(final int offset)
    {
        length = offset;
        count--;
    }

    /** @return writes added since the last {@link #reset}. */
    public int count()
    {
        return count;
    }

    /** @return the frame's length so far, header included. */
    public int length()
    {
        return length;
    }

    /**
     * Writes the header; the frame is then {@code buffer().byteArray()[0, length())}.
     *
     * @return the frame's length.
     */
    public int finish()
    {
        buffer.putByte(0, Protocol.VERSION);
        buffer.putByte(1, Protocol.OP_WRITE_BATCH);
        buffer.putShort(2, (short)count, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(4, 0, ByteOrder.LITTLE_ENDIAN);
        return length;
    }

    /** @return the buffer holding the frame. */
    public ExpandableArrayBuffer buffer()
    {
        return buffer;
    }

    /**
     * Empties the batch for the next one.
     */
    public void reset()
    {
        length = Protocol.BATCH_HEADER_LENGTH;
        count = 0;
    }
}
