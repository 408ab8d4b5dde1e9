package dev.zom.broker;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Makes what a disk writer wrote to its file store durable, so that its checkpoint never names a record whose files
 * a power loss could still take (and what a replay rebuilt, before it reports success): {@code syncfs(2)} on the
 * file system of each of the store's roots, one call for everything written there, where an {@code fsync} of each
 * file and folder runs at ~900 files/s on this machine's disk. Each root's descriptor stays open for the writer's
 * life, so that a call reports every writeback error on that file system since the one before (Linux reports an
 * error to the descriptors open when it happened). Where the C library has no {@code syncfs} (not Linux) it calls
 * {@code sync(2)}, which reports no error. Not thread-safe: owned by one writer.
 */
public final class TreeSync implements AutoCloseable
{
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;

    private final List<Path> roots;
    private final int[] descriptors;
    private final CLibrary libc;
    private boolean syncfsMissing;

    /** The C library calls. */
    interface CLibrary extends Library
    {
        /**
         * {@code open(2)}.
         *
         * @param path  a path.
         * @param flags the flags.
         * @return the descriptor.
         * @throws LastErrorException with errno on failure.
         */
        int open(String path, int flags) throws LastErrorException;

        /**
         * {@code syncfs(2)}.
         *
         * @param fd a descriptor on the file system.
         * @return 0.
         * @throws LastErrorException with errno on failure.
         */
        int syncfs(int fd) throws LastErrorException;

        /** {@code sync(2)}: every file system, where there is no {@code syncfs} (not Linux). */
        void sync();

        /**
         * {@code close(2)}.
         *
         * @param fd the descriptor.
         * @return 0.
         * @throws LastErrorException with errno on failure.
         */
        int close(int fd) throws LastErrorException;
    }

    /**
     * A sync of the given roots; each root's descriptor is opened now when the root exists, else at the first sync.
     *
     * @param roots the store's roots.
     */
    public TreeSync(final List<Path> roots)
    {
        this.roots = List.copyOf(roots);
        this.descriptors = new int[roots.size()];
        Arrays.fill(descriptors, -1);
        this.libc = Native.load("c", CLibrary.class);
        try
        {
            openMissing();
        }
        catch (final IOException ex)
        {
            // a root that does not exist yet holds nothing to sync; the first sync opens it
        }
    }

    /**
     * Writes back everything written to the roots' file systems and waits until it is on the disk.
     *
     * @throws IOException naming the root that cannot be opened or whose file system reported a failure (errno 5 is
     *                     a writeback error): what was written there is not known to be durable.
     */
    public void sync() throws IOException
    {
        openMissing();
        for (int i = 0; i < descriptors.length && !syncfsMissing; i++)
        {
            try
            {
                libc.syncfs(descriptors[i]);
            }
            catch (final LastErrorException ex)
            {
                throw new IOException("syncfs failed for root=" + roots.get(i) + ": errno " + ex.getErrorCode(), ex);
            }
            catch (final UnsatisfiedLinkError ex)
            {
                syncfsMissing = true;
            }
        }
        if (syncfsMissing)
        {
            libc.sync();
        }
    }

    private void openMissing() throws IOException
    {
        for (int i = 0; i < descriptors.length; i++)
        {
            if (descriptors[i] < 0)
            {
                try
                {
                    descriptors[i] = libc.open(roots.get(i).toString(), O_RDONLY | O_CLOEXEC);
                }
                catch (final LastErrorException ex)
                {
                    throw new IOException("cannot open root=" + roots.get(i) + " to sync it: errno " +
                        ex.getErrorCode(), ex);
                }
            }
        }
    }

    @Override
    public void close()
    {
        for (int i = 0; i < descriptors.length; i++)
        {
            if (descriptors[i] >= 0)
            {
                try
                {
                    libc.close(descriptors[i]);
                }
                catch (final LastErrorException ignored)
                {
                    // nothing is written through these descriptors; a failed close loses nothing
                }
                descriptors[i] = -1;
            }
        }
    }
}
