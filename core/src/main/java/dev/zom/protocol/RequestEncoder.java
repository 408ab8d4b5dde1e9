package dev.zom.protocol;

import dev.zom.format.OmType;
import dev.zom.format.Value;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Writes requests in the layout {@link RequestDecoder} reads; the bytes of recent locations are cached
 * ({@link EncodedStrings}), as a client writes to the same few again and again. Not thread-safe.
 */
public final class RequestEncoder
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final WireValueEncoder values = new WireValueEncoder();
    private final EncodedStrings locations =
        new EncodedStrings((text, buffer, offset) -> buffer.putStringWithoutLengthAscii(offset, text));

    /**
     * Writes a complete request.
     *
     * @param buffer    where to write.
     * @param offset    where the request starts.
     * @param operation the operation code.
     * @param clientId  the client id (0 for anonymous).
     * @param sequence  the client sequence.
     * @param flags     the request flags ({@code Protocol.REQUEST_FLAG_*}), 0 for none.
     * @param priority  the priority.
     * @param location  the location (ASCII), or "" for none.
     * @param metapath  the metapath (ASCII), or "" for none.
     * @param value     the value for a write, or null.
     * @return the request's length.
     */
    public int encode(
        final MutableDirectBuffer buffer,
        final int offset,
        final byte operation,
        final long clientId,
        final long sequence,
        final byte flags,
        final short priority,
        final String location,
        final String metapath,
        final Value value)
    {
        final int locationLength = locations.put(buffer, offset + Protocol.REQUEST_HEADER_LENGTH, location);
        final int metapathLength = buffer.putStringWithoutLengthAscii(
            offset + Protocol.REQUEST_HEADER_LENGTH + locationLength, metapath);
        final int valueOffset = offset + Protocol.REQUEST_HEADER_LENGTH + locationLength + metapathLength;
        final int valueLength = value == null ? 0 : values.encode(value, buffer, valueOffset);
        final OmType type = value == null ? null : value.type();
        buffer.putByte(offset, Protocol.VERSION);
        buffer.putByte(offset + 1, operation);
        buffer.putByte(offset + 2, type == null ? 0 : Protocol.typeCode(type));
        buffer.putByte(offset + 3, flags);
        buffer.putShort(offset + 4, priority, LE);
        buffer.putShort(offset + 6, (short)0, LE);
        buffer.putLong(offset + 8, clientId, LE);
        buffer.putLong(offset + 16, sequence, LE);
        buffer.putShort(offset + 24, (short)locationLength, LE);
        buffer.putShort(offset + 26, (short)metapathLength, LE);
        buffer.putInt(offset + 28, valueLength, LE);
        return Protocol.REQUEST_HEADER_LENGTH + locationLength + metapathLength + valueLength;
    }
}
