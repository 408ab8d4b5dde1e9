package dev.zom.format;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Floats are written as Python's repr: checked against vectors from Python 2.7 and, for random doubles, against the
 * rules in OPEN-METADATA.md (round trip, shortest digits, layout).
 */
class FloatEncodingTest
{
    private static final Pattern PLAIN = Pattern.compile("-?(\\d+)\\.(\\d+)");
    private static final Pattern EXPONENT = Pattern.compile("-?(\\d)(?:\\.(\\d+))?e([+-])(\\d{2,3})");
    private static final int RANDOM_CASES = 200_000;

    @Test
    void shouldMatchPythonForEveryVector()
    {
        final List<String[]> vectors = Vectors.read("floats.tsv");
        assertThat(vectors).hasSizeGreaterThan(10_000);
        for (final String[] row : vectors)
        {
            final double value = Double.longBitsToDouble(Long.parseUnsignedLong(row[0], 16));
            assertThat(FloatRepr.toString(value)).as("bits=" + row[0]).isEqualTo(row[1]);
        }
    }

    @Test
    void shouldFollowTheReprRulesForRandomDoubles()
    {
        final SplittableRandom random = new SplittableRandom(20261125);
        for (int i = 0; i < RANDOM_CASES; i++)
        {
            final double value = randomDouble(random);
            checkRules(value, FloatRepr.toString(value));
        }
    }

    @Test
    void shouldWriteTheSpecialValuesAsTheReferenceDoes()
    {
        assertThat(FloatRepr.toString(Double.NaN)).isEqualTo("NaN");
        assertThat(FloatRepr.toString(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(FloatRepr.toString(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(FloatRepr.toString(-0.0)).isEqualTo("-0.0");
        assertThat(FloatRepr.toString(1e16)).isEqualTo("1e+16");
        assertThat(FloatRepr.toString(1e15)).isEqualTo("1000000000000000.0");
        assertThat(FloatRepr.toString(1e-5)).isEqualTo("1e-05");
        assertThat(FloatRepr.toString(1e-4)).isEqualTo("0.0001");
    }

    private static double randomDouble(final SplittableRandom random)
    {
        return switch (random.nextInt(4))
        {
            case 0 -> Double.longBitsToDouble(random.nextLong());
            case 1 -> BigDecimal.valueOf(random.nextDouble(-1e6, 1e6)).round(new MathContext(1 + random.nextInt(12)))
                .doubleValue();
            case 2 -> random.nextDouble() * Math.pow(10, random.nextInt(-30, 30));
            default -> Double.longBitsToDouble(random.nextLong(0x0010000000000000L)) * (random.nextBoolean() ? 1 : -1);
        };
    }

    /**
     * The rules from OPEN-METADATA.md, checked without the production algorithm.
     */
    static void checkRules(final double value, final String text)
    {
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            return;
        }
        assertThat(Double.parseDouble(text)).as(text).isEqualTo(value);
        final Matcher plain = PLAIN.matcher(text);
        final Matcher exponent = EXPONENT.matcher(text);
        final String digits;
        final int decimalExponent;
        if (plain.matches())
        {
            final BigDecimal parsed = new BigDecimal(text).abs();
            assertThat(text).doesNotMatch(".*\\.\\d*[1-9]0+$");
            digits = parsed.stripTrailingZeros().unscaledValue().toString();
            decimalExponent = parsed.signum() == 0 ? 0 : parsed.precision() - parsed.scale() - 1;
            assertThat(decimalExponent).as(text).isBetween(-4, 15);
        }
        else
        {
            assertThat(exponent.matches()).as(text).isTrue();
            digits = exponent.group(1) + (exponent.group(2) == null ? "" : exponent.group(2));
            decimalExponent = Integer.parseInt(exponent.group(4)) * ("-".equals(exponent.group(3)) ? -1 : 1);
            assertThat(decimalExponent < -4 || decimalExponent >= 16).as(text).isTrue();
            assertThat(digits).as(text).doesNotEndWith("0");
        }
        if (value != 0.0 && digits.length() > 1)
        {
            assertThat(anyShorterRoundTrips(value, digits.length() - 1)).as("shorter than " + text).isFalse();
        }
    }

    private static boolean anyShorterRoundTrips(final double value, final int digits)
    {
        final BigDecimal exact = new BigDecimal(Math.abs(value));
        for (final RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING})
        {
            if (exact.round(new MathContext(digits, mode)).doubleValue() == Math.abs(value))
            {
                return true;
            }
        }
        return false;
    }
}
