package dev.zom.journal;

import net.openhft.chronicle.core.time.TimeProvider;

import java.util.function.LongSupplier;

/**
 * The time the journal's queue rolls its cycles by: the wall clock, but never earlier than the start of the newest
 * cycle the journal holds.
 *
 * <p><b>Design note:</b> Chronicle Queue puts a record in the cycle the wall clock is in, and a record's index starts
 * with its cycle. With the clock set back across a cycle's start (a host booting with a stale clock, a mistyped date
 * put right), it appended into an earlier cycle, under indices lower than those of records already acknowledged:
 * a disk writer past them never read them, and retention deleted their cycle once every checkpoint stood past it.
 * With this clock the journal keeps appending to its newest cycle until the wall clock reaches the next one; within
 * a cycle it is the wall clock itself (Chronicle only takes the cycle from it, and when to list its folder again).
 *
 * <p>Thread-safety: thread-safe; two volatile reads per call, a lock only when a later cycle starts.
 */
final class JournalClock implements TimeProvider
{
    private final LongSupplier wallClock;
    /** 0 until the journal's queue is open and its cycle length known: until then the wall clock itself. */
    private volatile long cycleMillis;
    private volatile long newestCycleStart;

    /**
     * @param wallClock the wall clock, in milliseconds since the epoch.
     */
    JournalClock(final LongSupplier wallClock)
    {
        this.wallClock = wallClock;
    }

    /**
     * Holds the clock at or after the start of the journal's newest cycle, from now on.
     *
     * @param cycleMillis the length of the journal's cycles (an existing journal keeps the length it was made with).
     * @param newestCycle the newest cycle the journal holds (days since the epoch, for a daily journal), or a
     *                    negative number when it holds none.
     */
    synchronized void follow(final long cycleMillis, final long newestCycle)
    {
        this.cycleMillis = cycleMillis;
        if (newestCycle >= 0)
        {
            raise(newestCycle * cycleMillis);
        }
    }

    @Override
    public long currentTimeMillis()
    {
        final long now = wallClock.getAsLong();
        final long floor = newestCycleStart;
        if (now < floor)
        {
            return floor;
        }
        final long length = cycleMillis;
        if (length > 0 && now - floor >= length)
        {
            raise(Math.floorDiv(now, length) * length);
        }
        return now;
    }

    private synchronized void raise(final long cycleStart)
    {
        newestCycleStart = Math.max(newestCycleStart, cycleStart);
    }

    /**
     * How far the wall clock is behind the start of the journal's newest cycle.
     *
     * @return milliseconds, 0 when it is not behind.
     */
    long wallClockBehindMillis()
    {
        return Math.max(0, newestCycleStart - wallClock.getAsLong());
    }

    /**
     * When the journal's newest cycle starts.
     *
     * @return milliseconds since the epoch.
     */
    long newestCycleStart()
    {
        return newestCycleStart;
    }
}
