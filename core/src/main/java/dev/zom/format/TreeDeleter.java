package dev.zom.format;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes a folder and everything under it, a folder after its contents, holding no more than one folder's path at
 * each depth: a trashed entry's history here, a benchmark's or soak's tree of millions of files in {@code bench}.
 */
public final class TreeDeleter
{
    private TreeDeleter()
    {
    }

    /**
     * Deletes a folder (or a file) and everything under it; what is already gone is skipped.
     *
     * @param root the folder.
     * @throws IOException when it cannot be walked or a file cannot be deleted.
     */
    public static void delete(final Path root) throws IOException
    {
        Files.walkFileTree(root, new SimpleFileVisitor<>()
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
