package dev.zom.broker;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the journal's file system still has its reserve of free space, checked at most every
 * {@link #CHECK_NANOS} from the journal thread. Below the reserve the broker refuses writes ({@code unavailable})
 * rather than let Chronicle Queue extend a memory-mapped file onto a full disk. A journal folder that can no longer
 * be read (deleted, or its disk unmounted, while the broker ran) is refused as such: it was refused as a disk with
 * less than the reserve free, on a disk with plenty, and nothing in the log said why. The broker logs when it begins
 * and ends refusing. Not thread-safe.
 */
final class JournalSpace
{
    static final long CHECK_NANOS = 50_000_000L;

    private final Path journal;
    private final long reserveBytes;
    private final ErrorLog errors;
    private final FileStore store;
    private final String lowSpace;
    private final String unreadable;
    private String reason;
    private long checkedAtNanos;
    private boolean room = true;

    JournalSpace(final Path journal, final long reserveBytes, final ErrorLog errors)
    {
        this.journal = journal;
        this.reserveBytes = reserveBytes;
        this.errors = errors;
        try
        {
            this.store = Files.getFileStore(journal);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot find the file store of journal=" + journal, ex);
        }
        this.lowSpace = "the journal's disk has less than " + (reserveBytes >> 20) + " MiB free: nothing journaled";
        this.unreadable = "the journal's folder cannot be read (deleted or unmounted?): nothing journaled";
        this.reason = lowSpace;
    }

    boolean hasRoom()
    {
        final long now = System.nanoTime();
        if (now - checkedAtNanos >= CHECK_NANOS)
        {
            checkedAtNanos = now;
            final boolean before = room;
            try
            {
                room = store.getUsableSpace() >= reserveBytes;
                reason = lowSpace;
                if (before && !room)
                {
                    errors.log("zom-journal", "the journal's disk has less than " + (reserveBytes >> 20) +
                        " MiB free (zom.broker.journal.reserve.mb): refusing writes until it has");
                }
            }
            catch (final IOException ex)
            {
                room = false;
                reason = unreadable;
                if (before)
                {
                    errors.log("zom-journal", "cannot read the journal's folder " + journal + " (" + ex + "), " +
                        "deleted or unmounted while the broker ran? Refusing writes. Those acknowledged before are " +
                        "still applied from the files the broker holds open: stop it once zom_writer_lag is 0, " +
                        "and start it on a journal folder that is there");
                }
            }
            if (!before && room)
            {
                errors.log("zom-journal", "the journal takes writes again");
            }
        }
        return room;
    }

    String reason()
    {
        return reason;
    }
}
