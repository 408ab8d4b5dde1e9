package dev.zom.protocol;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Checks UTF-8 without decoding it (well-formed sequences only, no overlong forms, no surrogates, nothing above
 * U+10FFFF), and encodes strings as UTF-8 without allocating (an unpaired surrogate becomes {@code ?}, as
 * {@code String.getBytes} does).
 */
final class Utf8
{
    /** The high bit of each of eight bytes: a word of plain ASCII has none set. */
    private static final long ASCII_MASK = 0x8080_8080_8080_8080L;

    private Utf8()
    {
    }

    static boolean isValid(final DirectBuffer b, final int offset, final int length)
    {
        int i = offset;
        final int end = offset + length;
        while (i < end)
        {
            while (i + Long.BYTES <= end && (b.getLong(i) & ASCII_MASK) == 0)
            {
                i += Long.BYTES;
            }
            if (i == end)
            {
                break;
            }
            final int c = b.getByte(i) & 0xFF;
            if (c < 0x80)
            {
                i++;
                continue;
            }
            final int extra;
            final int min;
            if (c >= 0xC2 && c <= 0xDF)
            {
                extra = 1;
                min = 0x80;
            }
            else if (c >= 0xE0 && c <= 0xEF)
            {
                extra = 2;
                min = 0x800;
            }
            else if (c >= 0xF0 && c <= 0xF4)
            {
                extra = 3;
                min = 0x10000;
            }
            else
            {
                return false;
            }
            if (i + extra >= end)
            {
                return false;
            }
            int code = c & (0x3F >> extra);
            for (int k = 1; k <= extra; k++)
            {
                final int next = b.getByte(i + k) & 0xFF;
                if ((next & 0xC0) != 0x80)
                {
                    return false;
                }
                code = (code << 6) | (next & 0x3F);
            }
            if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            {
                return false;
            }
            i += extra + 1;
        }
        return true;
    }

    static int encode(final CharSequence text, final MutableDirectBuffer b, final int offset)
    {
        int at = offset;
        final int n = text.length();
        for (int i = 0; i < n; i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                b.putByte(at++, (byte)c);
            }
            else if (c < 0x800)
            {
                b.putByte(at++, (byte)(0xC0 | (c >> 6)));
                b.putByte(at++, (byte)(0x80 | (c & 0x3F)));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                final int code = Character.toCodePoint(c, text.charAt(++i));
                b.putByte(at++, (byte)(0xF0 | (code >> 18)));
                b.putByte(at++, (byte)(0x80 | ((code >> 12) & 0x3F)));
                b.putByte(at++, (byte)(0x80 | ((code >> 6) & 0x3F)));
                b.putByte(at++, (byte)(0x80 | (code & 0x3F)));
            }
            else if (Character.isSurrogate(c))
            {
                b.putByte(at++, (byte)'?');
            }
            else
            {
                b.putByte(at++, (byte)(0xE0 | (c >> 12)));
                b.putByte(at++, (byte)(0x80 | ((c >> 6) & 0x3F)));
                b.putByte(at++, (byte)(0x80 | (c & 0x3F)));
            }
        }
        return at - offset;
    }
}
