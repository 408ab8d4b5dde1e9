package dev.zom.format;

import dev.zom.ErrorCode;
import dev.zom.ZomException;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one JSON document as Python's {@code json.loads} does: surrounding whitespace allowed, {@code NaN},
 * {@code Infinity} and {@code -Infinity} accepted, numbers without a fraction or exponent are integers. Produces
 * null, {@link Boolean}, {@link Long} (or {@link BigInteger} beyond 64 bits), {@link Double}, {@link String},
 * {@link List} and {@link Map}. Not thread-safe: one instance per parse.
 */
public final class JsonReader
{
    private final String text;
    private int pos;

    private JsonReader(final String text)
    {
        this.text = text;
    }

    /**
     * Parses a whole document.
     *
     * @param text the JSON text.
     * @return the parsed value.
     * @throws ZomException with {@link ErrorCode#BAD_VALUE} when the text is not one JSON value.
     */
    public static Object parse(final String text)
    {
        final JsonReader reader = new JsonReader(text);
        reader.skipSpace();
        final Object value = reader.value();
        reader.skipSpace();
        if (reader.pos != text.length())
        {
            throw reader.error("extra text after the value");
        }
        return value;
    }

    private Object value()
    {
        if (pos >= text.length())
        {
            throw error("expected a value");
        }
        final char c = text.charAt(pos);
        return switch (c)
        {
            case '"' -> string();
            case '[' -> array();
            case '{' -> object();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            case 'N' -> literal("NaN", Double.NaN);
            case 'I' -> literal("Infinity", Double.POSITIVE_INFINITY);
            default -> c == '-' && text.startsWith("-Infinity", pos) ?
                literal("-Infinity", Double.NEGATIVE_INFINITY) : number();
        };
    }

    private Object literal(final String word, final Object value)
    {
        if (!text.startsWith(word, pos))
        {
            throw error("expected " + word);
        }
        pos += word.length();
        return value;
    }

    private Object number()
    {
        final int start = pos;
        accept('-');
        if (!accept('0'))
        {
            digits();
        }
        boolean integral = true;
        if (accept('.'))
        {
            integral = false;
            digits();
        }
        if (accept('e') || accept('E'))
        {
            integral = false;
            if (!accept('+'))
            {
                accept('-');
            }
            digits();
        }
        final String token = text.substring(start, pos);
        if (!integral)
        {
            return Double.parseDouble(token);
        }
        final BigInteger big = new BigInteger(token);
        return big.bitLength() < 64 ? (Object)big.longValue() : big;
    }

    private void digits()
    {
        final int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9')
        {
            pos++;
        }
        if (pos == start)
        {
            throw error("expected a digit");
        }
    }

    private String string()
    {
        pos++;
        final StringBuilder out = new StringBuilder();
        while (true)
        {
            if (pos >= text.length())
            {
                throw error("unterminated string");
            }
            final char c = text.charAt(pos++);
            if (c == '"')
            {
                return out.toString();
            }
            if (c < 0x20)
            {
                throw error("control character in string");
            }
            out.append(c == '\\' ? unescape() : c);
        }
    }

    private char unescape()
    {
        if (pos >= text.length())
        {
            throw error("unterminated escape");
        }
        final char c = text.charAt(pos++);
        return switch (c)
        {
            case '"', '\\', '/' -> c;
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'u' -> hex4();
            default -> throw error("bad escape \\" + c);
        };
    }

    private char hex4()
    {
        if (pos + 4 > text.length())
        {
            throw error("short \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++)
        {
            final int digit = Character.digit(text.charAt(pos++), 16);
            if (digit < 0)
            {
                throw error("bad \\u escape");
            }
            value = value * 16 + digit;
        }
        return (char)value;
    }

    private List<Object> array()
    {
        pos++;
        final List<Object> items = new ArrayList<>();
        skipSpace();
        if (accept(']'))
        {
            return items;
        }
        while (true)
        {
            skipSpace();
            items.add(value());
            skipSpace();
            if (accept(']'))
            {
                return items;
            }
            expect(',');
        }
    }

    private Map<String, Object> object()
    {
        pos++;
        final Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (accept('}'))
        {
            return map;
        }
        while (true)
        {
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != '"')
            {
                throw error("expected a string key");
            }
            final String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            map.put(key, value());
            skipSpace();
            if (accept('}'))
            {
                return map;
            }
            expect(',');
        }
    }

    private boolean accept(final char c)
    {
        if (pos < text.length() && text.charAt(pos) == c)
        {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(final char c)
    {
        if (!accept(c))
        {
            throw error("expected '" + c + "'");
        }
    }

    private void skipSpace()
    {
        while (pos < text.length() && isSpace(text.charAt(pos)))
        {
            pos++;
        }
    }

    private static boolean isSpace(final char c)
    {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private ZomException error(final String what)
    {
        return new ZomException(ErrorCode.BAD_VALUE, "malformed json: " + what + " at offset=" + pos);
    }
}
