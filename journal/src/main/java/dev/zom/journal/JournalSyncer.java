package dev.zom.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Makes what the appender wrote durable: {@link #sync()} forces ({@code fdatasync}) each cycle file the appender has
 * written since the last sync, and the journal folder and queue metadata once when a cycle file is new. Every record
 * appended before {@code sync()} began is on the disk when it returns.
 *
 * <p>Thread-safe, so a sync can run on a thread of its own while the appender goes on appending: in mode
 * {@code batch} the broker's group-commit stage syncs here while the journal stage appends the next writes (the next
 * sync then covers everything appended meanwhile); in mode {@code every} the appender syncs after each record; and
 * in every mode the disk writers sync here before their checkpoints pass what they read.
 *
 * <p><b>Design note:</b> Chronicle's {@code SyncMode.ASYNC} default only issues {@code msync(MS_ASYNC)}, a no-op on
 * Linux, and its {@code MappedBytes.sync()} ({@code msync(MS_SYNC)} over the range written since the last one) must
 * run on the appending thread and leaves out the index pages Chronicle writes elsewhere in the file. The page cache
 * holds what is written through the mapping, so {@code fdatasync} of the file, from any thread, reaches the disk
 * with all of it.
 */
public final class JournalSyncer implements AutoCloseable
{
    private final Path directory;
    private final Queue<File> newFiles = new ConcurrentLinkedQueue<>();
    private FileChannel current;
    private Path currentPath;
    private IOException failure;
    private volatile long syncs;

    JournalSyncer(final Path directory)
    {
        this.directory = directory;
    }

    /**
     * Called by the appender, on its thread, when it starts writing a cycle file, and by the journal when it opens
     * (its newest cycle file, which may hold records a crashed process appended and never synced, that a reader may
     * read before anything is appended): the next sync forces the file it wrote before to its end, then this one,
     * and the journal folder that names it.
     *
     * @param file the cycle file now written.
     */
    void appendingTo(final File file)
    {
        newFiles.add(file);
    }

    /**
     * Forces everything appended so far to the disk. Once a sync has failed every later one fails too, from any
     * thread: Linux reports a writeback error to one sync only, and a later sync that returns success does not vouch
     * for the pages lost, so only a restart (which reads back what the journal holds) clears it.
     *
     * @throws UncheckedIOException when the file system reports a failure, now or before; what was appended is then
     *                              not known to be durable.
     */
    public synchronized void sync()
    {
        if (failure != null)
        {
            throw new UncheckedIOException("an earlier sync of the journal in " + directory + " failed", failure);
        }
        try
        {
            File next;
            while ((next = newFiles.poll()) != null)
            {
                if (current != null)
                {
                    current.force(false);
                    current.close();
                }
                currentPath = next.toPath();
                current = FileChannel.open(currentPath, StandardOpenOption.READ);
                forceFolderAndMetadata();
            }
            if (current != null)
            {
                current.force(false);
            }
            syncs = syncs + 1;
        }
        catch (final IOException ex)
        {
            failure = ex;
            throw new UncheckedIOException("cannot sync the journal in " + directory, ex);
        }
    }

    private void forceFolderAndMetadata() throws IOException
    {
        final Path metadata = directory.resolve(SingleChronicleQueue.QUEUE_METADATA_FILE);
        if (Files.exists(metadata))
        {
            FileSync.force(metadata);
        }
        FileSync.force(directory);
    }

    /**
     * How many syncs were made.
     *
     * @return the count.
     */
    public long syncs()
    {
        return syncs;
    }

    /**
     * The cycle file the last sync forced, or null before the first sync of an appended record.
     *
     * @return the file's path.
     */
    synchronized Path lastForced()
    {
        return currentPath;
    }

    @Override
    public synchronized void close()
    {
        if (current != null)
        {
            try
            {
                current.close();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            current = null;
            currentPath = null;
        }
    }
}
