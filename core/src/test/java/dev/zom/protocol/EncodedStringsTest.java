package dev.zom.protocol;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache of encoded strings gives the same bytes as encoding each time, for repeated, colliding, equal but
 * distinct, non-ASCII and over-long strings, and encodes a string it holds without encoding it again.
 */
class EncodedStringsTest
{
    private int encoded;
    private final EncodedStrings strings = new EncodedStrings((text, buffer, offset) ->
    {
        encoded++;
        return Utf8.encode(text, buffer, offset);
    });

    @Test
    void cachedBytesShouldEqualTheEncodingForEveryString()
    {
        final SplittableRandom random = new SplittableRandom(13);
        final String[] pool = new String[200];
        for (int i = 0; i < pool.length; i++)
        {
            pool[i] = (i % 3 == 0 ? "/show/séq" : "/show/seq") + i + "x".repeat(random.nextInt(i % 7 == 0 ? 400 : 40));
        }
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        for (int i = 0; i < 20_000; i++)
        {
            final String text = new String(pool[random.nextInt(pool.length)]);
            final int offset = random.nextInt(8);
            final int length = strings.put(buffer, offset, text);
            assertThat(Arrays.copyOfRange(buffer.byteArray(), offset, offset + length))
                .isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aStringAlreadyHeldShouldNotBeEncodedAgain()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        final String location = "/show/seq010/shot0";
        for (int i = 0; i < 100; i++)
        {
            assertThat(strings.put(buffer, 0, new String(location))).isEqualTo(location.length());
        }
        assertThat(encoded).isEqualTo(1);
        final String long1 = "y".repeat(EncodedStrings.MAX_BYTES + 1);
        strings.put(buffer, 0, long1);
        strings.put(buffer, 0, long1);
        assertThat(encoded).as("longer than a slot: encoded each time").isEqualTo(3);
    }
}
