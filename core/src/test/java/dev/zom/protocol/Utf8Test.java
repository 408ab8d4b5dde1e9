package dev.zom.protocol;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The allocation-free UTF-8 encoder and checker agree with the JDK for every string.
 */
class Utf8Test
{
    @Test
    void encodingShouldMatchTheJdkAndBeValid()
    {
        final SplittableRandom random = new SplittableRandom(8);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        for (int i = 0; i < 50_000; i++)
        {
            final StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(20); k > 0; k--)
            {
                text.append((char)(random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
            }
            final String value = text.toString();
            final int length = Utf8.encode(value, buffer, 0);
            final byte[] expected = value.getBytes(StandardCharsets.UTF_8);
            assertThat(Arrays.copyOf(buffer.byteArray(), length)).isEqualTo(expected);
            assertThat(Utf8.isValid(buffer, 0, length)).isTrue();
        }
    }

    @Test
    void malformedSequencesShouldBeInvalid()
    {
        for (final byte[] bad : new byte[][] {{(byte)0xC3}, {(byte)0xC3, 0x28}, {(byte)0xC0, (byte)0x80},
            {(byte)0xED, (byte)0xA0, (byte)0x80}, {(byte)0xF4, (byte)0x90, (byte)0x80, (byte)0x80}, {(byte)0xFF}})
        {
            assertThat(Utf8.isValid(new UnsafeBuffer(bad), 0, bad.length)).as(Arrays.toString(bad)).isFalse();
        }
    }

    @Test
    void aMalformedByteAfterAnyRunOfAsciiShouldBeFoundAndAValidOneAccepted()
    {
        for (int prefix = 0; prefix < 40; prefix++)
        {
            for (int suffix = 0; suffix < 10; suffix++)
            {
                final String ascii = "v".repeat(prefix);
                final byte[] bad = (ascii + "\u00e9" + "w".repeat(suffix)).getBytes(StandardCharsets.UTF_8);
                assertThat(Utf8.isValid(new UnsafeBuffer(bad), 0, bad.length)).isTrue();
                bad[prefix + 1] = 0x28;
                assertThat(Utf8.isValid(new UnsafeBuffer(bad), 0, bad.length)).as(prefix + "/" + suffix).isFalse();
                bad[prefix] = (byte)0xFF;
                assertThat(Utf8.isValid(new UnsafeBuffer(bad), 0, bad.length)).as(prefix + "/" + suffix).isFalse();
            }
        }
    }
}
