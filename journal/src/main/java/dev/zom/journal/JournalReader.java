package dev.zom.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.text.ParseException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads records in journal order from any index, into a caller's buffer so that reading allocates nothing.
 * Not thread-safe: owned by the reading thread.
 *
 * <p>A record whose length header is damaged (a bad sector or a stray write) hides where the records after it begin:
 * Chronicle finds a record by the lengths before it, back to the nearest record its index names (every
 * {@code indexSpacing}-th; 128 by default). A length longer than any record is seen at once; a smaller wrong one
 * leaves the reader inside a record (the damaged record itself fails its checksum, which the caller checks), where
 * it finds nothing, as at the end of the journal, although the journal's last index lies beyond it: a gap. After
 * {@link #GAP_PATIENCE_NANOS} at the same gap (time for a record being appended to be completed) the reader takes
 * it for damage too. Either way it goes on at the next record Chronicle can find without those lengths (the next
 * indexed record, the cycle's newest, the next cycle's first) and counts what it could not read
 * ({@link #unreadable()}); while there is none (the damaged record is the newest) it waits there
 * ({@link #blockedAt()}). A wrong length can also end where a later record begins, or frame the rest of its record
 * as one more: the reader then finds records, but each at an index shifted by the records skipped or invented. At
 * every indexed record the reader checks that it stands where Chronicle's index puts that record, and goes back
 * there when not ({@link #misplaced()}), so that an index means the same record to it as to a reader positioned by
 * index (a restart at a checkpoint); a check costs a few hundred nanoseconds, once per {@code indexSpacing} records.
 */
public final class JournalReader implements AutoCloseable
{
    /** How long the reader finds nothing at an index below the journal's last before taking it for damage. */
    public static final long GAP_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final long GAP_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long NOT_MOVED = Long.MIN_VALUE;

    private final SingleChronicleQueue queue;
    private final AtomicLong appendedHere;
    private final RollCycle rollCycle;
    private final long indexSpacing;
    private ExcerptTailer tailer;
    private ExcerptTailer probe;
    private long lastIndex = Checkpoint.NONE;
    private long unreadable;
    private long unreadableFrom = Checkpoint.NONE;
    private long unreadableThrough = Checkpoint.NONE;
    private long blockedAt = Checkpoint.NONE;
    private long gapAt = Checkpoint.NONE;
    private long gapSince;
    private long lookedAt = System.nanoTime() - GAP_WAIT_NANOS;
    private long misplaced;
    private long misplacedAt = Checkpoint.NONE;
    private long misplacedRecords;
    private long movedAfter = NOT_MOVED;
    private long foundNothingSince;

    JournalReader(final SingleChronicleQueue queue, final AtomicLong appendedHere)
    {
        this.queue = queue;
        this.appendedHere = appendedHere;
        this.rollCycle = queue.rollCycle();
        this.indexSpacing = queue.indexSpacing();
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
        moveAfter(index);
        movedAfter = index;
        foundNothingSince = System.nanoTime();
        return this;
    }

    private void moveAfter(final long index)
    {
        blockedAt = Checkpoint.NONE;
        tailer.toStart();
        if (index == Checkpoint.NONE)
        {
            return;
        }
        if (tailer.moveToIndex(index))
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                lastIndex = dc.isPresent() ? dc.index() : lastIndex;
            }
            return;
        }
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return;
                }
                if (dc.index() > index)
                {
                    dc.rollbackOnClose();
                    return;
                }
                lastIndex = dc.index();
            }
        }
    }

    /**
     * Whether the reader, moved back by {@link #startAfter}, has found nothing since for {@link #GAP_WAIT_NANOS}
     * although this process has appended past where it was moved: Chronicle's listing of the journal's cycle files,
     * refreshed at a moment the folder could not be listed (no file descriptor left: a broker at its limit), says there
     * are none, and a reader moved back finds nothing until Chronicle lists the folder again, up to a minute later. At
     * most once per wait; the caller lists the folder again and moves the reader back to the same place.
     */
    private boolean lostTheCycleFiles()
    {
        if (movedAfter == NOT_MOVED || appendedHere.get() <= movedAfter)
        {
            return false;
        }
        final long now = System.nanoTime();
        if (now - foundNothingSince < GAP_WAIT_NANOS)
        {
            return false;
        }
        foundNothingSince = now;
        return true;
    }

    /**
     * Positions the reader so that the next record read is the one at {@code index}.
     *
     * @param index an index in the journal.
     * @return whether a record exists there.
     */
    public boolean moveTo(final long index)
    {
        blockedAt = Checkpoint.NONE;
        return tailer.moveToIndex(index);
    }

    /**
     * Reads the next record into {@code dst}, going on past a record whose length is damaged (see the class comment).
     * For a reader that tails a journal being written: it never waits.
     *
     * @param dst a buffer large enough for any record.
     * @return the record's length, or -1 when there is no record yet.
     */
    public int next(final byte[] dst)
    {
        while (true)
        {
            long tooLong = Checkpoint.NONE;
            long misplacedIndex = Checkpoint.NONE;
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (dc.isPresent())
                {
                    final Bytes<?> bytes = dc.wire().bytes();
                    final long length = bytes.readRemaining();
                    if (isIndexed(dc.index()) && !isWhereTheIndexSays(dc.index(), bytes.readPosition()))
                    {
                        misplacedIndex = dc.index();
                        dc.rollbackOnClose();
                    }
                    else if (length <= dst.length)
                    {
                        bytes.read(dst, 0, (int)length);
                        lastIndex = dc.index();
                        movedAfter = NOT_MOVED;
                        blockedAt = Checkpoint.NONE;
                        gapAt = Checkpoint.NONE;
                        return (int)length;
                    }
                    else
                    {
                        tooLong = dc.index();
                        dc.rollbackOnClose();
                    }
                }
            }
            if (misplacedIndex != Checkpoint.NONE)
            {
                resync(misplacedIndex);
                continue;
            }
            final long from = tooLong != Checkpoint.NONE ? tooLong :
                blockedAt != Checkpoint.NONE ? blockedAt : gapPastPatience();
            if (from == Checkpoint.NONE && lostTheCycleFiles())
            {
                queue.refreshDirectoryListing();
                moveAfter(movedAfter);
                continue;
            }
            if (from == Checkpoint.NONE || from == blockedAt && !mayLookAgain())
            {
                return -1;
            }
            if (!skipFrom(from, tooLong != Checkpoint.NONE ? tooLong + 1 : from))
            {
                blockedAt = from;
                lookedAt = System.nanoTime();
                return -1;
            }
        }
    }

    /**
     * Reads the next record into {@code dst} as {@link #next} does, but waits out a gap (see the class comment): for a
     * reader of a whole journal, such as the tools', which must not take a gap for the end.
     *
     * @param dst a buffer large enough for any record.
     * @return the record's length, or -1 at the end of the journal or when the reader is blocked at damage.
     */
    public int nextUntilEnd(final byte[] dst)
    {
        int length;
        while ((length = next(dst)) < 0 && blockedAt == Checkpoint.NONE && tailer.index() < endIndex())
        {
            LockSupport.parkNanos(GAP_WAIT_NANOS);
        }
        return length;
    }

    /**
     * Whether {@link #GAP_WAIT_NANOS} have passed since the reader last looked past damage (for a gap, or for a record
     * after the one it is blocked at); a reader finding nothing looks at most that often.
     */
    private boolean mayLookAgain()
    {
        return System.nanoTime() - lookedAt >= GAP_WAIT_NANOS;
    }

    /**
     * The index the reader found nothing at although the journal's last index lies beyond it, once it has found
     * nothing there for {@link #GAP_PATIENCE_NANOS}; otherwise {@link Checkpoint#NONE}.
     */
    private long gapPastPatience()
    {
        if (!mayLookAgain())
        {
            return Checkpoint.NONE;
        }
        final long now = System.nanoTime();
        lookedAt = now;
        final long expected = tailer.index();
        if (expected >= endIndex())
        {
            gapAt = Checkpoint.NONE;
            return Checkpoint.NONE;
        }
        if (gapAt != expected)
        {
            gapAt = expected;
            gapSince = now;
            return Checkpoint.NONE;
        }
        return now - gapSince >= GAP_PATIENCE_NANOS ? expected : Checkpoint.NONE;
    }

    private boolean isIndexed(final long index)
    {
        return rollCycle.toSequenceNumber(index) % indexSpacing == 0;
    }

    /**
     * Whether the record this reader found at an indexed index, by the lengths before it, begins where Chronicle's
     * index puts that index. Leaves the second tailer on the indexed record.
     */
    private boolean isWhereTheIndexSays(final long index, final long dataPosition)
    {
        if (!probe().moveToIndex(index))
        {
            return true;
        }
        final long indexedTo = positionOfNext(probe);
        return indexedTo < 0 || indexedTo == dataPosition;
    }

    /**
     * Goes back to where Chronicle's index puts the record the lengths led elsewhere (the second tailer is there),
     * counting the records between the two places as misplaced: lengths that skipped records (a damaged length
     * spanning more than its record) or found records that are not (one spanning less) shifted every index after
     * them by that many. Without this the shift would last to the end of the cycle, while a reader positioned by
     * index (a restart at a checkpoint) goes by the index and would miss or repeat that many records.
     */
    private void resync(final long index)
    {
        final long walkedTo = positionOfNext(tailer);
        final long indexedTo = positionOfNext(probe);
        final boolean walkedPast = walkedTo > indexedTo;
        final ExcerptTailer counter = walkedPast ? probe : tailer;
        final long to = Math.max(walkedTo, indexedTo);
        long between = 0;
        for (long at = positionOfNext(counter); at >= 0 && at < to; at = positionOfNext(counter))
        {
            counter.readingDocument().close();
            between++;
        }
        if (walkedPast)
        {
            probe.moveToIndex(index);
        }
        swapTailers();
        misplaced += between;
        misplacedAt = index;
        misplacedRecords = between;
    }

    /**
     * Where the data of the next record {@code reader} would read begins, without reading it; -1 when there is none.
     */
    private static long positionOfNext(final ExcerptTailer reader)
    {
        try (DocumentContext dc = reader.readingDocument())
        {
            if (!dc.isPresent())
            {
                return -1;
            }
            dc.rollbackOnClose();
            return dc.wire().bytes().readPosition();
        }
    }

    /**
     * Makes the second tailer, positioned where this reader goes on, the reader's own.
     */
    private void swapTailers()
    {
        final ExcerptTailer swapped = tailer;
        tailer = probe;
        probe = swapped;
    }

    /**
     * The index the next record appended will have, found by the second tailer (a fraction of a microsecond;
     * {@code queue.lastIndex()} creates a tailer each time, tens of microseconds).
     */
    private long endIndex()
    {
        return probe().toEnd().index();
    }

    private ExcerptTailer probe()
    {
        if (probe == null)
        {
            probe = queue.createTailer();
        }
        return probe;
    }

    /**
     * Moves to the first record Chronicle can find at or after {@code candidatesFrom}, counting the records from
     * {@code from} up to it as unreadable: the next indexed record in the cycle, else the cycle's newest record
     * (Chronicle knows where it begins without the lengths before it), else the first record of the next cycle. A
     * second tailer tries each, so that the reader stays where it was when none exists yet; when one does, the two
     * swap (moving this one after it could miss, if the newest record changed in between).
     */
    private boolean skipFrom(final long from, final long candidatesFrom)
    {
        final ExcerptTailer probe = probe();
        final int cycle = rollCycle.toCycle(from);
        final long indexed = rollCycle.toIndex(cycle,
            (rollCycle.toSequenceNumber(candidatesFrom) + indexSpacing - 1) / indexSpacing * indexSpacing);
        if (probe.moveToIndex(indexed))
        {
            return resumeWithProbe(from, indexed - 1);
        }
        final long newest = rollCycle.toIndex(cycle, probe.excerptsInCycle(cycle) - 1);
        if (newest >= candidatesFrom && probe.moveToIndex(newest))
        {
            return resumeWithProbe(from, newest - 1);
        }
        final int nextCycle = nextCycle(cycle);
        if (nextCycle >= 0 && probe.moveToCycle(nextCycle))
        {
            return resumeWithProbe(from, newest);
        }
        return false;
    }

    private boolean resumeWithProbe(final long from, final long through)
    {
        swapTailers();
        if (through >= from)
        {
            unreadable += through - from + 1;
            unreadableFrom = from;
            unreadableThrough = through;
            lastIndex = through;
        }
        blockedAt = Checkpoint.NONE;
        gapAt = Checkpoint.NONE;
        return true;
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
     * How many records this reader found misplaced, in all: records between where the lengths before an indexed
     * record led and where Chronicle's index puts it (see {@link #resync}), read twice or not at all.
     *
     * @return the count.
     */
    public long misplaced()
    {
        return misplaced;
    }

    /**
     * The indexed record at which this reader last went back to Chronicle's index because the lengths before it
     * led elsewhere.
     *
     * @return its index, or {@link Checkpoint#NONE} if never.
     */
    public long misplacedAt()
    {
        return misplacedAt;
    }

    /**
     * How many records lay between the two places at {@link #misplacedAt()}.
     *
     * @return the count (0 before any).
     */
    public long misplacedRecords()
    {
        return misplacedRecords;
    }

    /**
     * Where this reader waits because nothing after a damaged length can be found yet (the damaged record is the
     * journal's newest): the record with the damaged length, or the first one it hides.
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
        if (probe != null)
        {
            probe.close();
        }
    }
}
