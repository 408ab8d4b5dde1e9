package dev.zom.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code fsync} of one file or folder (for a folder: the names in it, so that files created, renamed or deleted there
 * stay so after a power loss). The one place zom opens a path only to force it.
 */
public final class FileSync
{
    private FileSync()
    {
    }

    /**
     * Forces a file's or folder's data and metadata to disk.
     *
     * @param path a file or folder.
     * @throws IOException when it cannot be opened or synced.
     */
    public static void force(final Path path) throws IOException
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }
}
