package dev.zom.format;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Strings are written as Python 2.7's json.dumps writes them: checked against vectors from Python and, for random
 * strings of any UTF-16 content, round trip and the escaping rules.
 */
class StringEncodingTest
{
    private static final int RANDOM_CASES = 100_000;

    @Test
    void shouldMatchPythonForEveryVector()
    {
        final List<String[]> vectors = Vectors.read("strings.tsv");
        assertThat(vectors).hasSizeGreaterThan(3_000);
        for (final String[] row : vectors)
        {
            final String value = new String(Vectors.hex(row[0]), StandardCharsets.UTF_8);
            assertThat(encode(value)).as("utf8=" + row[0]).isEqualTo(row[1]);
        }
    }

    @Test
    void everyStringShouldRoundTripAndFollowTheEscapingRules()
    {
        final SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < RANDOM_CASES; i++)
        {
            final String value = randomString(random);
            final String encoded = encode(value);
            assertThat(JsonReader.parse(encoded)).isEqualTo(value);
            checkRules(value, encoded);
        }
    }

    private static void checkRules(final String value, final String encoded)
    {
        assertThat(encoded).startsWith("\"").endsWith("\"");
        final StringBuilder expected = new StringBuilder("\"");
        for (final char c : value.toCharArray())
        {
            expected.append(switch (c)
            {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                default -> c < 0x20 || c > 0x7E ? String.format("\\u%04x", (int)c) : String.valueOf(c);
            });
        }
        assertThat(encoded).isEqualTo(expected.append('"').toString());
        assertThat(encoded.chars().allMatch(c -> c >= 0x20 && c < 0x7F)).isTrue();
    }

    private static String randomString(final SplittableRandom random)
    {
        final int length = random.nextInt(20);
        final StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            text.append(switch (random.nextInt(4))
            {
                case 0 -> (char)random.nextInt(0x80);
                case 1 -> (char)random.nextInt(0x10000);
                case 2 -> "\"\\/\n\r\t\b\f\u007f".charAt(random.nextInt(9));
                default -> (char)random.nextInt(0x20, 0x7F);
            });
        }
        return text.toString();
    }

    private static String encode(final String value)
    {
        final ByteSink sink = new ByteSink();
        JsonEncoder.encodeString(value, sink);
        return new String(sink.array(), 0, sink.length(), StandardCharsets.US_ASCII);
    }
}
