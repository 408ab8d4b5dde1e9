package dev.zom.journal;

import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Appends records to the journal and makes them durable according to the {@link DurabilityMode}: with
 * {@code every} each {@link #append} syncs; with {@code batch} {@link #endOfBatch()} syncs once for everything
 * appended since the last sync (group commit); with {@code none} nothing is synced.
 *
 * <p><b>Design note:</b> Chronicle's {@code SyncMode.ASYNC} default only issues {@code msync(MS_ASYNC)}, a no-op on
 * Linux. A sync here is {@link MappedBytes#sync()} on the appender's mapped bytes with the queue in
 * {@code SyncMode.SYNC}: an {@code msync(MS_SYNC)} of the range written since the last sync, which reaches the
 * disk. Not thread-safe: owned by the appending thread.
 */
public final class JournalAppender implements AutoCloseable
{
    private final ExcerptAppender appender;
    private final DurabilityMode durability;
    private boolean unsynced;
    private long syncs;

    JournalAppender(final ExcerptAppender appender, final DurabilityMode durability)
    {
        this.appender = appender;
        this.durability = durability;
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
     * How many syncs this appender has made.
     *
     * @return the sync count.
     */
    public long syncs()
    {
        return syncs;
    }

    private void sync()
    {
        if (appender.wire() != null && appender.wire().bytes() instanceof MappedBytes mapped)
        {
            mapped.sync();
        }
        unsynced = false;
        syncs++;
    }

    @Override
    public void close()
    {
        appender.close();
    }
}
