package dev.zom.format;

import dev.zom.ErrorCode;
import dev.zom.ZomException;

import dev.zom.journal.FileSync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file atomically: the content goes to a temporary file in a folder of its own on the same file system
 * (never inside {@code .meta}), optionally synced, then is renamed over the target, whose folder is optionally synced
 * too. A crash leaves either the old or the new content, never a torn or empty file. Not thread-safe: one per writing
 * thread.
 */
final class AtomicFileWriter
{
    private static final String TEMP_FOLDER = ".zom-tmp";

    private final Path tempFolder;
    private final String prefix;
    private final boolean sync;
    private long sequence;

    /**
     * A writer whose temporary files live in {@code <root>/.zom-tmp}.
     *
     * @param root a root folder on the same file system as the targets.
     * @param sync whether to fsync the file before the rename and the folder after it.
     */
    AtomicFileWriter(final Path root, final boolean sync)
    {
        this.tempFolder = root.resolve(TEMP_FOLDER);
        this.prefix = ProcessHandle.current().pid() + "-" + Thread.currentThread().getId() + "-" +
            Long.toHexString(System.nanoTime()) + "-";
        this.sync = sync;
    }

    /**
     * The folder that holds temporary files for a root.
     *
     * @param root the root.
     * @return its temporary folder.
     */
    static Path tempFolderOf(final Path root)
    {
        return root.resolve(TEMP_FOLDER);
    }

    void write(final Path target, final byte[] content, final int length)
    {
        final Path temp = tempFolder.resolve(prefix + (sequence++));
        try
        {
            writeTemp(temp, content, length);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (sync)
            {
                FileSync.force(target.getParent());
            }
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            deleteQuietly(temp);
            throw new ZomException(ErrorCode.STORAGE, "target=" + target + " is on another file system than its "
                + "root's temporary folder=" + tempFolder + "; make that file system a root of its own", ex);
        }
        catch (final IOException ex)
        {
            deleteQuietly(temp);
            throw StorageErrors.of("cannot write file=" + target, ex);
        }
    }

    private void writeTemp(final Path temp, final byte[] content, final int length) throws IOException
    {
        FileChannel opened;
        try
        {
            opened = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        catch (final NoSuchFileException ex)
        {
            Files.createDirectories(tempFolder);
            opened = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        try (FileChannel channel = opened)
        {
            final ByteBuffer buffer = ByteBuffer.wrap(content, 0, length);
            while (buffer.hasRemaining())
            {
                channel.write(buffer);
            }
            if (sync)
            {
                channel.force(true);
            }
        }
    }

    /**
     * Moves a new folder into place atomically: its files are written in a temporary folder first, so readers see
     * the whole folder or nothing.
     *
     * @param target the folder to create; must not exist.
     * @param names  the files' names.
     * @param values the files' contents.
     */
    void writeFolder(final Path target, final String[] names, final byte[][] values)
    {
        final Path temp = tempFolder.resolve(prefix + (sequence++) + ".d");
        try
        {
            Files.createDirectories(temp);
            for (int i = 0; i < names.length; i++)
            {
                writeTemp(temp.resolve(names[i]), values[i], values[i].length);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            if (sync)
            {
                FileSync.force(target.getParent());
            }
        }
        catch (final IOException ex)
        {
            for (final String name : names)
            {
                deleteQuietly(temp.resolve(name));
            }
            deleteQuietly(temp);
            throw StorageErrors.of("cannot write folder=" + target, ex);
        }
    }

    private static void deleteQuietly(final Path temp)
    {
        try
        {
            Files.deleteIfExists(temp);
        }
        catch (final IOException ignored)
        {
            // the write already failed with a better reason; a stale temporary file is harmless outside .meta
        }
    }
}
