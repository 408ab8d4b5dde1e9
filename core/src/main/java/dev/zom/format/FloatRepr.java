package dev.zom.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Writes a double exactly as Python's {@code repr} (and so {@code json.dumps}) does: the shortest decimal that reads
 * back to the same double, the closest such decimal when several are equally short, in exponent form
 * ({@code 1e+16}, {@code 1.5e-07}) when the decimal exponent is below -4 or at least 16, else plain with at least one
 * digit after the point ({@code 3.0}, {@code 0.0001}).
 *
 * <p><b>Design note:</b> Java 17's {@code Double.toString} is neither this layout nor always the shortest, so the
 * digits are found here: the shortest length is searched with exact {@link BigDecimal} arithmetic (the nearest
 * decimals of each length below and above the double's exact value decide whether that length can round-trip),
 * which is simple to prove right. It allocates; values are encoded on the disk writer's path, not on the ring.
 */
final class FloatRepr
{
    private static final int MAX_DIGITS = 17;

    private FloatRepr()
    {
    }

    /**
     * Appends the Python {@code repr} of a double.
     *
     * @param value the double.
     * @param out   where to append ASCII.
     */
    static void append(final double value, final ByteSink out)
    {
        if (Double.isNaN(value))
        {
            out.appendAscii("NaN");
        }
        else if (Double.isInfinite(value))
        {
            out.appendAscii(value > 0 ? "Infinity" : "-Infinity");
        }
        else if (value == 0.0)
        {
            out.appendAscii(1.0 / value < 0 ? "-0.0" : "0.0");
        }
        else
        {
            if (value < 0)
            {
                out.append('-');
            }
            final BigDecimal shortest = shortest(Math.abs(value));
            final String digits = shortest.unscaledValue().toString();
            final int exponent = digits.length() - 1 - shortest.scale();
            layout(digits, exponent, out);
        }
    }

    /**
     * The Python {@code repr} of a double as a string.
     *
     * @param value the double.
     * @return its repr.
     */
    static String toString(final double value)
    {
        final ByteSink sink = new ByteSink(32);
        append(value, sink);
        return new String(sink.array(), 0, sink.length(), StandardCharsets.US_ASCII);
    }

    /**
     * The shortest decimal, without trailing zeros, that reads back as {@code value}; of those, the closest.
     */
    static BigDecimal shortest(final double value)
    {
        final BigDecimal exact = new BigDecimal(value);
        int low = 1;
        int high = MAX_DIGITS;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (closestRoundTrip(exact, value, mid) != null)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }
        return closestRoundTrip(exact, value, low).stripTrailingZeros();
    }

    private static BigDecimal closestRoundTrip(final BigDecimal exact, final double value, final int digits)
    {
        final BigDecimal down = exact.round(new MathContext(digits, RoundingMode.FLOOR));
        final BigDecimal up = exact.round(new MathContext(digits, RoundingMode.CEILING));
        final boolean downOk = down.doubleValue() == value;
        final boolean upOk = up.doubleValue() == value;
        if (downOk && upOk)
        {
            final int cmp = exact.subtract(down).compareTo(up.subtract(exact));
            if (cmp != 0)
            {
                return cmp < 0 ? down : up;
            }
            return down.unscaledValue().testBit(0) ? up : down;
        }
        return downOk ? down : upOk ? up : null;
    }

    private static void layout(final String digits, final int exponent, final ByteSink out)
    {
        if (exponent < -4 || exponent >= 16)
        {
            out.append(digits.charAt(0));
            if (digits.length() > 1)
            {
                out.append('.').appendAscii(digits.subSequence(1, digits.length()));
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            final int magnitude = Math.abs(exponent);
            if (magnitude < 10)
            {
                out.append('0');
            }
            out.appendLong(magnitude);
        }
        else if (exponent < 0)
        {
            out.appendAscii("0.");
            for (int i = -1; i > exponent; i--)
            {
                out.append('0');
            }
            out.appendAscii(digits);
        }
        else
        {
            plain(digits, exponent, out);
        }
    }

    private static void plain(final String digits, final int exponent, final ByteSink out)
    {
        final int integerDigits = exponent + 1;
        for (int i = 0; i < integerDigits; i++)
        {
            out.append(i < digits.length() ? digits.charAt(i) : '0');
        }
        out.append('.');
        if (digits.length() > integerDigits)
        {
            out.appendAscii(digits.subSequence(integerDigits, digits.length()));
        }
        else
        {
            out.append('0');
        }
    }
}
