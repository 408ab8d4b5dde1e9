package dev.zom.format;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Encodes values as the bytes the reference library writes: Python 2.7's {@code json.dumps} with default settings
 * (ASCII only, {@code ", "} and {@code ": "} separators, no trailing newline), except that a null value is an empty
 * file. Stateless and thread-safe.
 */
public final class JsonEncoder
{
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private JsonEncoder()
    {
    }

    /**
     * Appends the file content of a value.
     *
     * @param value the value.
     * @param out   where to append.
     */
    public static void encode(final Value value, final ByteSink out)
    {
        if (value instanceof Value.BoolValue b)
        {
            out.appendAscii(b.value() ? "true" : "false");
        }
        else if (value instanceof Value.IntValue i)
        {
            out.appendLong(i.value());
        }
        else if (value instanceof Value.FloatValue f)
        {
            FloatRepr.append(f.value(), out);
        }
        else if (value instanceof Value.StringValue s)
        {
            encodeString(s.value(), out);
        }
        else if (value instanceof Value.TupleValue t)
        {
            encodeList(t.items(), out);
        }
        else if (value instanceof Value.DateValue d)
        {
            encodeString(d.stamp(), out);
        }
    }

    /**
     * The file content of a value as a new array.
     *
     * @param value the value.
     * @return its bytes.
     */
    public static byte[] toBytes(final Value value)
    {
        final ByteSink sink = new ByteSink(64);
        encode(value, sink);
        return sink.toByteArray();
    }

    /**
     * Appends a JSON string: quotes, short escapes for {@code " \ \n \r \t \b \f}, and {@code \\uXXXX} (lower-case
     * hex) for every other character below 0x20 and from 0x7F up; {@code /} is not escaped.
     *
     * @param text the string.
     * @param out  where to append.
     */
    public static void encodeString(final CharSequence text, final ByteSink out)
    {
        out.append('"');
        final int n = text.length();
        for (int i = 0; i < n; i++)
        {
            escape(text.charAt(i), out);
        }
        out.append('"');
    }

    private static void escape(final char c, final ByteSink out)
    {
        switch (c)
        {
            case '"' -> out.append('\\').append('"');
            case '\\' -> out.append('\\').append('\\');
            case '\n' -> out.append('\\').append('n');
            case '\r' -> out.append('\\').append('r');
            case '\t' -> out.append('\\').append('t');
            case '\b' -> out.append('\\').append('b');
            case '\f' -> out.append('\\').append('f');
            default ->
            {
                if (c < 0x20 || c >= 0x7F)
                {
                    out.append('\\').append('u')
                        .append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                }
                else
                {
                    out.append(c);
                }
            }
        }
    }

    private static void encodeItem(final Object item, final ByteSink out)
    {
        if (item == null)
        {
            out.appendAscii("null");
        }
        else if (item instanceof Boolean b)
        {
            out.appendAscii(b ? "true" : "false");
        }
        else if (item instanceof Double || item instanceof Float)
        {
            FloatRepr.append(((Number)item).doubleValue(), out);
        }
        else if (item instanceof Number n)
        {
            out.appendLong(n.longValue());
        }
        else if (item instanceof CharSequence s)
        {
            encodeString(s, out);
        }
        else if (item instanceof List<?> list)
        {
            encodeList(list, out);
        }
        else if (item instanceof Map<?, ?> map)
        {
            encodeMap(map, out);
        }
    }

    private static void encodeList(final List<?> items, final ByteSink out)
    {
        out.append('[');
        for (int i = 0; i < items.size(); i++)
        {
            if (i > 0)
            {
                out.append(',').append(' ');
            }
            encodeItem(items.get(i), out);
        }
        out.append(']');
    }

    private static void encodeMap(final Map<?, ?> map, final ByteSink out)
    {
        out.append('{');
        boolean first = true;
        for (final Map.Entry<?, ?> e : map.entrySet())
        {
            if (!first)
            {
                out.append(',').append(' ');
            }
            first = false;
            encodeString((CharSequence)e.getKey(), out);
            out.append(':').append(' ');
            encodeItem(e.getValue(), out);
        }
        out.append('}');
    }
}
