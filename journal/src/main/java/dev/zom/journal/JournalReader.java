package dev.zom.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.text.ParseException;

/**
 * Reads records in journal order from any index, into a caller's buffer so that reading allocates nothing.
 * Not thread-safe: owned by the reading thread.
 *
 * <p>A record whose length header is damaged (longer than any record, as a bad sector or a stray write leaves it)
 * hides where the records after it begin: Chronicle finds a record by the lengths before it, back to the nearest
 * record its index names (every {@code indexSpacing}-th; 128 by default). The reader then goes on at the next
 * indexed record, or at the next cycle when there is none in this one, and counts what it could not read
 * ({@link #unreadable()}); until such a record exists it waits there ({@link #blockedAt()}).
 */
public final class JournalReader implements AutoCloseable
{
    private final ExcerptTailer tailer;
    private final SingleChronicleQueue queue;
    private long lastIndex = Checkpoint.NONE;
    private long unreadable;
    private long unreadableFrom = Checkpoint.NONE;
    private long unreadableThrough = Checkpoint.NONE;
    private long blockedAt = Checkpoint.NONE;

    JournalReader(final SingleChronicleQueue queue)
    {
        this.queue = queue;
        this.tailer = queue.createTailer();
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
     * Reads the next record into {@code dst}, going on past a record whose length is damaged (see the class comment).
     *
     * @param dst a buffer large enough for any record.
     * @return the record's length, or -1 when there is no record yet.
     */
    public int next(final byte[] dst)
    {
        while (true)
        {
            final long damaged;
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return -1;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final long length = bytes.readRemaining();
                if (length <= dst.length)
                {
                    bytes.read(dst, 0, (int)length);
                    lastIndex = dc.index();
                    blockedAt = Checkpoint.NONE;
                    return (int)length;
                }
                damaged = dc.index();
                dc.rollbackOnClose();
            }
            if (!skipPast(damaged))
            {
                blockedAt = damaged;
                tailer.moveToIndex(damaged);
                return -1;
            }
        }
    }

    /**
     * Moves to the first record Chronicle can find after a damaged one: the next indexed record in its cycle, else
     * the first record of the next cycle.
     */
    private boolean skipPast(final long damaged)
    {
        final RollCycle rollCycle = queue.rollCycle();
        final int cycle = rollCycle.toCycle(damaged);
        final long spacing = queue.indexSpacing();
        final long resume = rollCycle.toIndex(cycle, (rollCycle.toSequenceNumber(damaged) / spacing + 1) * spacing);
        if (tailer.moveToIndex(resume))
        {
            skipped(damaged, resume - 1);
            return true;
        }
        final int nextCycle = nextCycle(cycle);
        if (nextCycle >= 0 && tailer.moveToCycle(nextCycle))
        {
            skipped(damaged, rollCycle.toIndex(cycle, Math.max(tailer.excerptsInCycle(cycle), 1) - 1));
            return true;
        }
        return false;
    }

    private int nextCycle(final int cycle)
    {
        try
        {
            return cycle < queue.lastCycle() ? queue.nextCycle(cycle, TailerDirection.FORWARD) : -1;
        }
        catch (final ParseException ex)
        {
            return -1;
        }
    }

    private void skipped(final long from, final long through)
    {
        final long last = Math.max(from, through);
        unreadable += last - from + 1;
        unreadableFrom = from;
        unreadableThrough = last;
        lastIndex = last;
        blockedAt = Checkpoint.NONE;
    }

    /**
     * How many records this reader could not read, in all, because a damaged length hid them.
     *
     * @return the count.
     */
    public long unreadable()
    {
        return unreadable;
    }

    /**
     * Where the last run of unreadable records began: the index of the record with the damaged length.
     *
     * @return its index, or {@link Checkpoint#NONE} if none.
     */
    public long unreadableFrom()
    {
        return unreadableFrom;
    }

    /**
     * Where the last run of unreadable records ended (inclusive).
     *
     * @return its index, or {@link Checkpoint#NONE} if none.
     */
    public long unreadableThrough()
    {
        return unreadableThrough;
    }

    /**
     * A record with a damaged length this reader waits at, since nothing after it can be found yet (no indexed
     * record follows it in its cycle, and no later cycle exists).
     *
     * @return its index, or {@link Checkpoint#NONE} when the reader is not blocked.
     */
    public long blockedAt()
    {
        return blockedAt;
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
