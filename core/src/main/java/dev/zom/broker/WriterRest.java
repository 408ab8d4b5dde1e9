package dev.zom.broker;

import java.util.function.LongSupplier;

/**
 * How a disk writer gives way to journaling and acknowledging on a loaded host. When more writes were journaled
 * while a batch was read and applied than the batch read, the writer is not gaining on the journal: it then rests
 * {@code ratio} times the CPU time that batch used before it reads again, so while writes pour in it uses at most
 * {@code 1 / (1 + ratio)} of a core and its batches coalesce more. A rest ends early at the first look that finds
 * nothing journaled since the previous look, and a writer that gains on the journal (a backlog after a burst, light
 * traffic) never rests. It counts CPU time, not wall time, so a writer that waits for a slow disk is not slowed
 * further. A nice value alone cannot do this where file system calls cost CPU outside the guest's scheduler (the
 * bench VM, {@code results/}). Not thread-safe: owned by its writer.
 */
final class WriterRest
{
    private final int ratio;
    private final LongSupplier journaled;
    private final LongSupplier cpuNanos;
    private long journaledAtStart;
    private long cpuAtStart;
    private long journaledAtLastLook;
    private long restUntilNanos;
    private boolean resting;

    /**
     * A policy.
     *
     * @param ratio     rest per unit of CPU time used; 0 never rests.
     * @param journaled how many writes the broker has journaled so far.
     * @param cpuNanos  the CPU time of the calling (writer) thread.
     */
    WriterRest(final int ratio, final LongSupplier journaled, final LongSupplier cpuNanos)
    {
        this.ratio = ratio;
        this.journaled = journaled;
        this.cpuNanos = cpuNanos;
    }

    /**
     * Whether the writer should rest now rather than read; called at every turn of its loop.
     *
     * @param nowNanos {@link System#nanoTime()}.
     * @return true to skip reading this turn.
     */
    boolean resting(final long nowNanos)
    {
        if (!resting)
        {
            return false;
        }
        final long seen = journaled.getAsLong();
        if (nowNanos - restUntilNanos >= 0 || seen == journaledAtLastLook)
        {
            resting = false;
            return false;
        }
        journaledAtLastLook = seen;
        return true;
    }

    /**
     * Marks the start of a batch.
     */
    void batchStarts()
    {
        if (ratio > 0)
        {
            journaledAtStart = journaled.getAsLong();
            cpuAtStart = cpuNanos.getAsLong();
        }
    }

    /**
     * Marks the end of a batch and decides whether the writer rests.
     *
     * @param read     records the batch read.
     * @param nowNanos {@link System#nanoTime()}.
     * @return the rest decided, in nanoseconds (0 for none).
     */
    long batchEnded(final int read, final long nowNanos)
    {
        if (ratio == 0)
        {
            return 0;
        }
        final long seen = journaled.getAsLong();
        if (seen - journaledAtStart <= read)
        {
            return 0;
        }
        final long rest = (cpuNanos.getAsLong() - cpuAtStart) * ratio;
        restUntilNanos = nowNanos + rest;
        journaledAtLastLook = seen;
        resting = rest > 0;
        return rest;
    }
}
