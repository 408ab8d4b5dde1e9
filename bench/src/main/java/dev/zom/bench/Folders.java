package dev.zom.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes benchmark folders.
 */
public final class Folders
{
    private Folders()
    {
    }

    /**
     * Deletes a folder and everything under it, a folder after its contents, holding no more than one folder's path
     * at each depth (a soak's tree has millions of files).
     *
     * @param dir the folder.
     * @throws IOException when it cannot be walked or a file cannot be deleted.
     */
    public static void delete(final Path dir) throws IOException
    {
        Files.walkFileTree(dir, new SimpleFileVisitor<>()
        {
            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes) throws IOException
            {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path folder, final IOException failure) throws IOException
            {
                if (failure != null)
                {
                    throw failure;
                }
                Files.deleteIfExists(folder);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
