package dev.zom.stage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which ticket segments a process is still appending to. The writer holds an exclusive lock on
 * {@code <segment>.live} for as long as it writes, and registers the segment here. Other processes test that lock;
 * this process asks the registry instead, and never opens a live file it holds: POSIX file locks belong to the
 * process, and closing any channel on a file drops every lock the process holds on it (FileChannel's own warning),
 * which would make a segment still being written look finished to every other process.
 */
final class LiveSegments
{
    static final String LIVE_SUFFIX = ".live";
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private LiveSegments()
    {
    }

    static Path liveFileOf(final Path segment)
    {
        return segment.resolveSibling(segment.getFileName() + LIVE_SUFFIX);
    }

    /**
     * Marks a segment live before it is created: locks its live file and registers it.
     *
     * @return the channel holding the lock; closing it (after {@link #release}) lets the segment go.
     */
    static FileChannel hold(final Path segment) throws IOException
    {
        final FileChannel channel = FileChannel.open(liveFileOf(segment), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        try
        {
            channel.lock();
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
        HELD_HERE.add(segment);
        return channel;
    }

    /**
     * Lets a segment go: unregisters it, then closes the channel that holds its lock.
     */
    static void release(final Path segment, final FileChannel held) throws IOException
    {
        HELD_HERE.remove(segment);
        held.close();
    }

    /**
     * Whether a process may still append to a segment. Errs on the side of live when unsure.
     */
    static boolean isLive(final Path segment) throws IOException
    {
        if (HELD_HERE.contains(segment))
        {
            return true;
        }
        final FileChannel channel;
        try
        {
            channel = FileChannel.open(liveFileOf(segment), StandardOpenOption.READ);
        }
        catch (final NoSuchFileException none)
        {
            return false;
        }
        try (channel)
        {
            final FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
            if (lock == null)
            {
                return true;
            }
            lock.release();
            return false;
        }
        catch (final OverlappingFileLockException testedHereAtTheSameTime)
        {
            return true;
        }
    }
}
