package dev.zom.protocol;

import org.agrona.DirectBuffer;

/**
 * Checks UTF-8 without decoding it: well-formed sequences only, no overlong forms, no surrogates, nothing above
 * U+10FFFF.
 */
final class Utf8
{
    private Utf8()
    {
    }

    static boolean isValid(final DirectBuffer b, final int offset, final int length)
    {
        int i = offset;
        final int end = offset + length;
        while (i < end)
        {
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
}
