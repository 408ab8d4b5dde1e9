package dev.zom.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array that encoders append ASCII to, reused across values so that encoding allocates only when a
 * value is larger than any before it. Not thread-safe: one per encoding thread.
 */
public final class ByteSink
{
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int length;

    /**
     * A sink with a small initial capacity.
     */
    public ByteSink()
    {
        this(256);
    }

    /**
     * A sink with the given initial capacity.
     *
     * @param capacity initial capacity in bytes.
     */
    public ByteSink(final int capacity)
    {
        bytes = new byte[Math.max(16, capacity)];
    }

    /**
     * Forgets the content, keeping the capacity.
     *
     * @return this sink.
     */
    public ByteSink reset()
    {
        length = 0;
        return this;
    }

    /**
     * The backing array; only the first {@link #length()} bytes are content.
     *
     * @return the backing array (not a copy).
     */
    public byte[] array()
    {
        return bytes;
    }

    /**
     * How many bytes have been appended since the last reset.
     *
     * @return the content length.
     */
    public int length()
    {
        return length;
    }

    /**
     * A copy of the content.
     *
     * @return a new array holding exactly the content.
     */
    public byte[] toByteArray()
    {
        return Arrays.copyOf(bytes, length);
    }

    /**
     * Appends one byte.
     *
     * @param b the byte.
     * @return this sink.
     */
    public ByteSink append(final byte b)
    {
        ensure(1);
        bytes[length++] = b;
        return this;
    }

    /**
     * Appends one ASCII character.
     *
     * @param c a character below 0x80.
     * @return this sink.
     */
    public ByteSink append(final char c)
    {
        return append((byte)c);
    }

    /**
     * Appends an ASCII string.
     *
     * @param ascii characters below 0x80.
     * @return this sink.
     */
    public ByteSink appendAscii(final CharSequence ascii)
    {
        final int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++)
        {
            bytes[length++] = (byte)ascii.charAt(i);
        }
        return this;
    }

    /**
     * Appends bytes.
     *
     * @param src    source array.
     * @param offset first byte.
     * @param count  how many.
     * @return this sink.
     */
    public ByteSink append(final byte[] src, final int offset, final int count)
    {
        ensure(count);
        System.arraycopy(src, offset, bytes, length, count);
        length += count;
        return this;
    }

    /**
     * Appends a long in decimal, without allocating.
     *
     * @param value the number.
     * @return this sink.
     */
    public ByteSink appendLong(final long value)
    {
        if (value == Long.MIN_VALUE)
        {
            return append(MIN_LONG, 0, MIN_LONG.length);
        }
        long v = value;
        if (v < 0)
        {
            append('-');
            v = -v;
        }
        final int digits = digitCount(v);
        ensure(digits);
        int i = length + digits;
        length = i;
        do
        {
            bytes[--i] = (byte)('0' + (v % 10));
            v /= 10;
        }
        while (v != 0);
        return this;
    }

    private static int digitCount(final long v)
    {
        long limit = 10;
        for (int digits = 1; digits < 19; digits++)
        {
            if (v < limit)
            {
                return digits;
            }
            limit *= 10;
        }
        return 19;
    }

    private void ensure(final int extra)
    {
        if (length + extra > bytes.length)
        {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
        }
    }
}
