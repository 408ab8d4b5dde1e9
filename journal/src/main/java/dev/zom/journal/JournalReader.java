package dev.zom.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads records in journal order from any index, into a caller's buffer so that reading allocates nothing.
 * Not thread-safe: owned by the reading thread.
 */
public final class JournalReader implements AutoCloseable
{
    private final ExcerptTailer tailer;
    private long lastIndex = Checkpoint.NONE;

    JournalReader(final ExcerptTailer tailer)
    {
        this.tailer = tailer;
    }

    /**
     * Positions the reader so that the next record read is the first one after {@code index}; with
     * {@link Checkpoint#NONE}, the first record in the journal.
     *
     * @param index an index already read, or {@link Checkpoint#NONE}.
     * @return this reader.
     */
    public JournalReader startAfter(final long index)
    {
        tailer.toStart();
        if (index == Checkpoint.NONE)
        {
            return this;
        }
        if (tailer.moveToIndex(index))
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                lastIndex = dc.isPresent() ? dc.index() : lastIndex;
            }
            return this;
        }
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return this;
                }
                if (dc.index() > index)
                {
                    dc.rollbackOnClose();
                    return this;
                }
                lastIndex = dc.index();
            }
        }
    }

    /**
     * Positions the reader so that the next record read is the one at {@code index}.
     *
     * @param index an index in the journal.
     * @return whether a record exists there.
     */
    public boolean moveTo(final long index)
    {
        return tailer.moveToIndex(index);
    }

    /**
     * Reads the next record into {@code dst}.
     *
     * @param dst a buffer large enough for any record.
     * @return the record's length, or -1 when there is no record yet.
     * @throws IllegalStateException when a record is larger than {@code dst}.
     */
    public int next(final byte[] dst)
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return -1;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final int length = (int)bytes.readRemaining();
            if (length > dst.length)
            {
                throw new IllegalStateException("record length=" + length + " exceeds buffer=" + dst.length +
                    " at index=" + dc.index());
            }
            bytes.read(dst, 0, length);
            lastIndex = dc.index();
            return length;
        }
    }

    /**
     * The index of the record last returned by {@link #next}.
     *
     * @return its index, or {@link Checkpoint#NONE} before the first.
     */
    public long lastIndex()
    {
        return lastIndex;
    }

    @Override
    public void close()
    {
        tailer.close();
    }
}
