package dev.zom.protocol;

import dev.zom.format.JsonReader;
import dev.zom.format.OmType;
import dev.zom.format.Value;
import dev.zom.format.Values;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Turns a value's wire form back into a {@link Value} (allocates: for the disk writers, reads and tools).
 */
public final class WireValues
{
    private WireValues()
    {
    }

    /**
     * Decodes a value already checked by {@link RequestValidator}.
     *
     * @param type   its type.
     * @param buffer the buffer.
     * @param offset where the value starts.
     * @param length its length.
     * @return the value.
     */
    public static Value decode(final OmType type, final DirectBuffer buffer, final int offset, final int length)
    {
        return switch (type)
        {
            case BOOL -> new Value.BoolValue(buffer.getByte(offset) != 0);
            case INT -> new Value.IntValue(buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN));
            case FLOAT -> new Value.FloatValue(buffer.getDouble(offset, ByteOrder.LITTLE_ENDIAN));
            case STRING, TEXT -> new Value.StringValue(utf8(buffer, offset, length), type == OmType.TEXT);
            case DATE -> new Value.DateValue(utf8(buffer, offset, length));
            case NULL -> new Value.NullValue();
            case TUPLE -> Values.fromJson(JsonReader.parse(utf8(buffer, offset, length)), OmType.TUPLE);
            case DICT, LIST -> throw new IllegalArgumentException("a group has no wire value");
        };
    }

    private static String utf8(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
