package dev.zom.protocol;

import dev.zom.format.ByteSink;
import dev.zom.format.JsonEncoder;
import dev.zom.format.Value;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Writes a value in its wire form: bool one byte (0 or 1), int and float eight bytes little-endian (two's
 * complement, IEEE-754), string, text and date UTF-8, tuple its JSON text, null nothing. Not thread-safe.
 */
public final class WireValueEncoder
{
    private final ByteSink json = new ByteSink();
    private final EncodedStrings strings = new EncodedStrings(Utf8::encode);

    /**
     * Writes a value.
     *
     * @param value  the value.
     * @param buffer where to write.
     * @param offset where to start.
     * @return how many bytes were written.
     */
    public int encode(final Value value, final MutableDirectBuffer buffer, final int offset)
    {
        if (value instanceof Value.BoolValue b)
        {
            buffer.putByte(offset, (byte)(b.value() ? 1 : 0));
            return 1;
        }
        if (value instanceof Value.IntValue i)
        {
            buffer.putLong(offset, i.value(), ByteOrder.LITTLE_ENDIAN);
            return 8;
        }
        if (value instanceof Value.FloatValue f)
        {
            buffer.putDouble(offset, f.value(), ByteOrder.LITTLE_ENDIAN);
            return 8;
        }
        if (value instanceof Value.StringValue s)
        {
            return strings.put(buffer, offset, s.value());
        }
        if (value instanceof Value.DateValue d)
        {
            return buffer.putStringWithoutLengthAscii(offset, d.stamp());
        }
        if (value instanceof Value.TupleValue)
        {
            json.reset();
            JsonEncoder.encode(value, json);
            buffer.putBytes(offset, json.array(), 0, json.length());
            return json.length();
        }
        return 0;
    }
}
