package dev.zom.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays the golden fixture's manifest (written by the reference library) and compares every file byte for byte.
 */
class GoldenFixtureTest
{
    @TempDir
    Path dir;

    @Test
    void replayingTheManifestShouldGiveTheReferenceTreeByteForByte() throws Exception
    {
        final Path fixture = fixture();
        final Map<?, ?> manifest = (Map<?, ?>)JsonReader.parse(
            Files.readString(fixture.resolve("manifest.json"), StandardCharsets.UTF_8));
        try (MetaWriter writer = new MetaWriter(Roots.of(dir), false))
        {
            for (final Object op : (List<?>)manifest.get("operations"))
            {
                final Map<?, ?> write = (Map<?, ?>)op;
                final OmType type = OmType.parse((String)write.get("type"));
                final Value value = Values.fromJson(fixtureValue(write.get("value")), type);
                writer.write(dir.resolve((String)write.get("location")).toString(), (String)write.get("metapath"),
                    value);
            }
        }

        final Map<String, byte[]> expected = files(fixture.resolve("tree"));
        final Map<String, byte[]> actual = files(dir);
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (final String file : expected.keySet())
        {
            assertThat(new String(actual.get(file), StandardCharsets.ISO_8859_1)).as(file)
                .isEqualTo(new String(expected.get(file), StandardCharsets.ISO_8859_1));
        }
        assertThat(expected).hasSize(49);
    }

    /**
     * The manifest spells values JSON cannot hold as {"float": "NaN"} and tuples as {"tuple": [...]}.
     */
    private static Object fixtureValue(final Object value)
    {
        if (value instanceof Map<?, ?> wrapped && wrapped.size() == 1)
        {
            final Object inner = wrapped.values().iterator().next();
            return wrapped.containsKey("float") ? JsonReader.parse((String)inner) : inner;
        }
        return value;
    }

    static Path fixture() throws URISyntaxException
    {
        return Path.of(GoldenFixtureTest.class.getResource("/openmetadata-reference/manifest.json").toURI())
            .getParent();
    }

    static Map<String, byte[]> files(final Path root) throws IOException
    {
        final Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)walk::iterator)
            {
                if (Files.isRegularFile(path))
                {
                    files.put(root.relativize(path).toString(), Files.readAllBytes(path));
                }
                else if (Files.isDirectory(path) && !path.equals(root) && isEmpty(path))
                {
                    files.put(root.relativize(path) + "/", new byte[0]);
                }
            }
        }
        return files;
    }

    private static boolean isEmpty(final Path folder) throws IOException
    {
        try (Stream<Path> list = Files.list(folder))
        {
            return list.findAny().isEmpty();
        }
    }
}
