package dev.zom.replay;

import dev.zom.broker.RootClaims;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Every file of a tree with its content, to compare a tree with a replay of its journal (the soak, the tests): by
 * relative path, leaving out a writer's unfinished temporary files and a broker's claim on the tree (not metadata).
 */
public final class TreeSnapshot
{
    private TreeSnapshot()
    {
    }

    /**
     * Every file under a folder, by relative path, with its content.
     *
     * @param root the folder.
     * @return the files.
     * @throws IOException when the tree cannot be read.
     */
    public static Map<String, String> of(final Path root) throws IOException
    {
        final Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)walk::iterator)
            {
                if (Files.isRegularFile(path) && !path.toString().contains(".zom-tmp") &&
                    !path.endsWith(RootClaims.FILE))
                {
                    files.put(root.relativize(path).toString(), Files.readString(path));
                }
            }
        }
        return files;
    }

    /**
     * Where two snapshots differ, by relative path: "expected X, actual Y" (null where a file is missing), so that a
     * comparison of two large trees names the few files that differ.
     *
     * @param expected one snapshot.
     * @param actual   the other.
     * @return the differences; empty when the trees are equal.
     */
    public static Map<String, String> differences(final Map<String, String> expected, final Map<String, String> actual)
    {
        final Map<String, String> differences = new TreeMap<>();
        final Set<String> paths = new TreeSet<>(expected.keySet());
        paths.addAll(actual.keySet());
        for (final String path : paths)
        {
            if (!Objects.equals(expected.get(path), actual.get(path)))
            {
                differences.put(path, "expected " + expected.get(path) + ", actual " + actual.get(path));
            }
        }
        return differences;
    }
}
