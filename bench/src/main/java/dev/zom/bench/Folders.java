package dev.zom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Deletes benchmark folders.
 */
public final class Folders
{
    private Folders()
    {
    }

    /**
     * Deletes a folder and everything under it.
     *
     * @param dir the folder.
     * @throws IOException when it cannot be walked.
     */
    public static void delete(final Path dir) throws IOException
    {
        try (Stream<Path> walk = Files.walk(dir))
        {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
