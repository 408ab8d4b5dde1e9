package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.ZomException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on a journal folder, held by the running broker, naming its process and roots. A second broker
 * on the same journal is refused, and tools (replay) can tell whether a live broker owns a journal and which roots
 * it writes. The operating system releases the lock when the process dies, even by {@code kill -9}.
 *
 * <p>Within the process that holds it, a registry answers instead of the file: POSIX locks belong to the process,
 * and closing any channel on the lock file (even one opened only to test the lock) would drop the broker's lock.
 */
public final class BrokerLock implements AutoCloseable
{
    static final String FILE = "broker.lock";
    private static final Map<Path, List<Path>> HELD_HERE = new ConcurrentHashMap<>();

    private final Path journal;
    private final FileChannel channel;
    private final FileLock lock;

    private BrokerLock(final Path journal, final FileChannel channel, final FileLock lock)
    {
        this.journal = journal;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock for a broker.
     *
     * @param journal the journal folder.
     * @param roots   the broker's roots, written into the lock file.
     * @return the held lock.
     * @throws ZomException when another process holds it.
     */
    static BrokerLock acquire(final Path journalFolder, final List<Path> roots)
    {
        final Path journal = journalFolder.toAbsolutePath().normalize();
        if (HELD_HERE.putIfAbsent(journal, List.copyOf(roots)) != null)
        {
            throw new ZomException(ErrorCode.UNAVAILABLE, "another broker in this process holds journal=" + journal);
        }
        try
        {
            return lock(journal, roots);
        }
        catch (final RuntimeException ex)
        {
            HELD_HERE.remove(journal);
            throw ex;
        }
    }

    private static BrokerLock lock(final Path journal, final List<Path> roots)
    {
        try
        {
            Files.createDirectories(journal);
            final FileChannel channel = FileChannel.open(journal.resolve(FILE), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
            final FileLock lock = channel.tryLock();
            if (lock == null)
            {
                channel.close();
                throw new ZomException(ErrorCode.UNAVAILABLE, "another broker holds journal=" + journal + " (" +
                    describe(journal) + ")");
            }
            final StringBuilder text = new StringBuilder("pid=" + ProcessHandle.current().pid() + "\n");
            roots.forEach(root -> text.append("root=").append(root).append('\n'));
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)), 0);
            return new BrokerLock(journal, channel, lock);
        }
        catch (final IOException ex)
        {
            throw new ZomException(ErrorCode.STORAGE, "cannot lock journal=" + journal + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * The roots of the live broker that holds a journal, or an empty list when no broker holds it.
     *
     * @param journal the journal folder.
     * @return the live broker's roots.
     */
    public static List<Path> liveRoots(final Path journal)
    {
        final List<Path> heldHere = HELD_HERE.get(journal.toAbsolutePath().normalize());
        if (heldHere != null)
        {
            return heldHere;
        }
        final Path file = journal.resolve(FILE);
        if (!Files.exists(file))
        {
            return List.of();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final FileLock probe = channel.tryLock();
            if (probe != null)
            {
                probe.release();
                return List.of();
            }
            return readRoots(file);
        }
        catch (final OverlappingFileLockException ex)
        {
            return readRoots(file);
        }
        catch (final IOException ex)
        {
            throw new ZomException(ErrorCode.STORAGE, "cannot read lock=" + file + ": " + ex.getMessage(), ex);
        }
    }

    private static List<Path> readRoots(final Path file)
    {
        try
        {
            final List<Path> roots = new ArrayList<>();
            for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
            {
                if (line.startsWith("root="))
                {
                    roots.add(Path.of(line.substring(5)));
                }
            }
            return roots;
        }
        catch (final IOException ex)
        {
            throw new ZomException(ErrorCode.STORAGE, "cannot read lock=" + file + ": " + ex.getMessage(), ex);
        }
    }

    private static String describe(final Path journal)
    {
        try
        {
            return String.join(", ", Files.readAllLines(journal.resolve(FILE), StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            return "unknown owner";
        }
    }

    @Override
    public void close()
    {
        try
        {
            lock.release();
            channel.close();
        }
        catch (final IOException ignored)
        {
            // the process is stopping; the operating system releases the lock anyway
        }
        finally
        {
            HELD_HERE.remove(journal);
        }
    }
}
