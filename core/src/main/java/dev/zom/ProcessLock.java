package dev.zom;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on a file, held by this process until it is closed or the process dies (even by
 * {@code kill -9}), with a short text that names the holder; and the test whether anyone holds one. POSIX file locks
 * belong to the process, and closing any channel on a file drops every lock the process holds on it
 * (FileChannel's own warning), so within this process a registry answers instead of the file and the file is never
 * opened a second time while it is held here. Used for one broker per journal, one stage daemon per stage, and
 * ticket segments still being written.
 */
public final class ProcessLock implements AutoCloseable
{
    private static final Map<Path, ProcessLock> HELD_HERE = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final String holder;

    private ProcessLock(final Path file, final FileChannel channel, final String holder)
    {
        this.file = file;
        this.channel = channel;
        this.holder = holder;
    }

    /**
     * Takes the lock unless anyone holds it, and writes the holder's text into the file.
     *
     * @param file   the lock file (created if missing).
     * @param holder what to say about the holder, for {@link #holderOf}.
     * @return the held lock, or null when this or another process holds it.
     * @throws IOException when the file cannot be opened or written.
     */
    public static ProcessLock tryAcquire(final Path file, final String holder) throws IOException
    {
        final Path key = key(file);
        synchronized (HELD_HERE)
        {
            if (HELD_HERE.containsKey(key))
            {
                return null;
            }
            final FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            try
            {
                if (channel.tryLock() == null)
                {
                    channel.close();
                    return null;
                }
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
            }
            catch (final IOException | RuntimeException ex)
            {
                channel.close();
                throw ex;
            }
            final ProcessLock lock = new ProcessLock(key, channel, holder);
            HELD_HERE.put(key, lock);
            return lock;
        }
    }

    /**
     * What the holder of a lock file wrote, or null when nobody holds it (the file may be left over).
     *
     * @param file the lock file.
     * @return the holder's text, or null.
     * @throws IOException when the file cannot be read.
     */
    public static String holderOf(final Path file) throws IOException
    {
        final Path key = key(file);
        synchronized (HELD_HERE)
        {
            final ProcessLock here = HELD_HERE.get(key);
            if (here != null)
            {
                return here.holder;
            }
            final FileChannel channel;
            try
            {
                channel = FileChannel.open(key, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            catch (final NoSuchFileException none)
            {
                return null;
            }
            try (channel)
            {
                final FileLock probe = channel.tryLock();
                if (probe != null)
                {
                    probe.release();
                    return null;
                }
                return Files.readString(key, StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * Whether this process holds a lock file.
     *
     * @param file the lock file.
     * @return true when one of this process's locks holds it.
     */
    public static boolean isHeldHere(final Path file)
    {
        return HELD_HERE.containsKey(key(file));
    }

    /**
     * A holder's text on one line, its lines joined by commas, to name the holder in a message.
     *
     * @param holder the text, as {@link #holderOf} returns it, or null.
     * @return the line, or "unknown" for null.
     */
    public static String inOneLine(final String holder)
    {
        return holder == null ? "unknown" : String.join(", ", holder.strip().split("\n"));
    }

    /**
     * This machine's name, for a holder's text: locks on a shared file system may be held from another host.
     *
     * @return the host name, or "unknown".
     */
    public static String hostName()
    {
        try
        {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }

    private static Path key(final Path file)
    {
        return file.toAbsolutePath().normalize();
    }

    /**
     * Lets go: the file stays, unlocked.
     */
    @Override
    public void close() throws IOException
    {
        synchronized (HELD_HERE)
        {
            HELD_HERE.remove(file);
            channel.close();
        }
    }
}
