package dev.zom.protocol;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The root a location is below, read from its bytes: what routes a query to the thread of the disk it reads (and
 * refuses a location outside every root). Nested roots give the longest; a root is a folder, not a name prefix.
 */
class RootOfTest
{
    private final RequestValidator validator = new RequestValidator(
        List.of(Path.of("/shows"), Path.of("/shows/big"), Path.of("/cache")), 0);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/shows, 0",
        "/shows/a/b, 0",
        "/shows/big, 1",
        "/shows/big/shot010, 1",
        "/shows/bigger, 0",
        "/cache/x, 2",
        "/cachet, -1",
        "/show, -1",
        "/other/shows, -1",
    })
    void aLocationShouldBelongToTheLongestRootItIsBelow(final String location, final int root)
    {
        final byte[] bytes = ("xx" + location).getBytes(StandardCharsets.US_ASCII);
        assertThat(validator.rootOf(new UnsafeBuffer(bytes), 2, bytes.length - 2)).isEqualTo(root);
    }
}
