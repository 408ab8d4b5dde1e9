package dev.zom.broker;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the journal's file system still has its reserve of free space, checked at most every
 * {@link #CHECK_NANOS} from the journal thread. Below the reserve the broker refuses writes ({@code unavailable})
 * rather than let Chronicle Queue extend a memory-mapped file onto a full disk. Not thread-safe.
 */
final class JournalSpace
{
    static final long CHECK_NANOS = 50_000_000L;

    private final long reserveBytes;
    private final FileStore store;
    private final String reason;
    private long checkedAtNanos;
    private boolean room = true;

    JournalSpace(final Path journal, final long reserveBytes)
    {
        this.reserveBytes = reserveBytes;
        try
        {
            this.store = Files.getFileStore(journal);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot find the file store of journal=" + journal, ex);
        }
        this.reason = "the journal's disk has less than " + (reserveBytes >> 20) + " MiB free: nothing journaled";
    }

    boolean hasRoom()
    {
        final long now = System.nanoTime();
        if (now - checkedAtNanos >= CHECK_NANOS)
        {
            checkedAtNanos = now;
            try
            {
                room = store.getUsableSpace() >= reserveBytes;
            }
            catch (final IOException ex)
            {
                room = false;
            }
        }
        return room;
    }

    String reason()
    {
        return reason;
    }
}
