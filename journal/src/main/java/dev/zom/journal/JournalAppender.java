package dev.zom.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends records to the journal and makes them durable according to the {@link DurabilityMode}: with
 * {@code every} each {@link #append} syncs; with {@code batch} {@link #endOfBatch()} syncs once for everything
 * appended since the last sync, or a {@link JournalSyncer} does on another thread (group commit); with {@code none}
 * nothing is synced. It tells the journal's syncer which cycle file it writes. Not thread-safe: owned by the
 * appending thread.
 */
public final class JournalAppender implements AutoCloseable
{
    private final ExcerptAppender appender;
    private final DurabilityMode durability;
    private final JournalSyncer syncer;
    private final AtomicLong appendedHere;
    private int cycle = Integer.MIN_VALUE;
    private boolean unsynced;
    private long syncs;

    JournalAppender(
        final ExcerptAppender appender, final DurabilityMode durability, final JournalSyncer syncer,
        final AtomicLong appendedHere)
    {
        this.appender = appender;
        this.durability = durability;
        this.syncer = syncer;
        this.appendedHere = appendedHere;
    }

    /**
     * Appends one record; with {@link DurabilityMode#EVERY} it is synced before this returns.
     *
     * @param src    the record's bytes.
     * @param offset the first byte.
     * @param length how many bytes.
     * @return the record's journal index.
     */
    public long append(final byte[] src, final int offset, final int length)
    {
        final long index;
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(src, offset, length);
            index = dc.index();
        }
        appendedHere.lazySet(index);
        if (appender.cycle() != cycle)
        {
            cycle = appender.cycle();
            syncer.appendingTo(Objects.requireNonNull(appender.currentFile(), "the cycle file just written"));
        }
        unsynced = true;
        if (durability == DurabilityMode.EVERY)
        {
            sync();
        }
        return index;
    }

    /**
     * Marks the end of a batch: with {@link DurabilityMode#BATCH}, syncs everything appended since the last sync.
     */
    public void endOfBatch()
    {
        if (durability == DurabilityMode.BATCH && unsynced)
        {
            sync();
        }
    }

    /**
     * How many syncs this appender has made (not those other threads made through the journal's syncer: a group
     * commit, a disk writer syncing the journal before it moves its checkpoint).
     *
     * @return the sync count.
     */
    public long syncs()
    {
        return syncs;
    }

    private void sync()
    {
        syncer.sync();
        unsynced = false;
        syncs++;
    }

    @Override
    public void close()
    {
        appender.close();
    }
}
