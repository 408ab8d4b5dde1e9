package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.ProcessLock;
import dev.zom.ZomException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lock on a journal folder ({@code broker.lock}, a {@link ProcessLock}), held by the running broker and naming
 * its process and roots. A second broker on the same journal is refused, and tools (replay) can tell whether a live
 * broker owns a journal and which roots it writes.
 */
public final class BrokerLock implements AutoCloseable
{
    static final String FILE = "broker.lock";

    private final ProcessLock lock;

    private BrokerLock(final ProcessLock lock)
    {
        this.lock = lock;
    }

    /**
     * Takes the lock for a broker.
     *
     * @param journal the journal folder.
     * @param roots   the broker's roots, written into the lock file.
     * @return the held lock.
     * @throws ZomException when another broker holds it, in this process or another.
     */
    static BrokerLock acquire(final Path journal, final List<Path> roots)
    {
        final Path file = journal.resolve(FILE);
        final StringBuilder holder = new StringBuilder("pid=" + ProcessHandle.current().pid() + "\n");
        roots.forEach(root -> holder.append("root=").append(root).append('\n'));
        try
        {
            Files.createDirectories(journal);
            final ProcessLock lock = ProcessLock.tryAcquire(file, holder.toString());
            if (lock != null)
            {
                return new BrokerLock(lock);
            }
            if (ProcessLock.isHeldHere(file))
            {
                throw new ZomException(ErrorCode.UNAVAILABLE, "another broker in this process holds journal=" +
                    journal);
            }
            final String other = ProcessLock.holderOf(file);
            throw new ZomException(ErrorCode.UNAVAILABLE, "another broker holds journal=" + journal + " (" +
                ProcessLock.inOneLine(other) + ")");
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
        final String holder;
        try
        {
            holder = ProcessLock.holderOf(journal.resolve(FILE));
        }
        catch (final IOException ex)
        {
            throw new ZomException(ErrorCode.STORAGE, "cannot read lock=" + journal.resolve(FILE) + ": " +
                ex.getMessage(), ex);
        }
        final List<Path> roots = new ArrayList<>();
        if (holder != null)
        {
            for (final String line : holder.split("\n"))
            {
                if (line.startsWith("root="))
                {
                    roots.add(Path.of(line.substring(5)));
                }
            }
        }
        return roots;
    }

    @Override
    public void close()
    {
        try
        {
            lock.close();
        }
        catch (final IOException ignored)
        {
            // the process is stopping; the operating system releases the lock anyway
        }
    }
}
