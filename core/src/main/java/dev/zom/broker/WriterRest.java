package dev.zom.broker;

import java.util.function.LongSupplier;

/**
 * How a disk writer gives way to journaling and acknowledging on a loaded host. When more requests arrived while
 * a batch was read and applied than the batch read records, the writer is not gaining on the journal: it then rests
 * {@code ratio} times the CPU time that batch used before it reads again, so while writes pour in it uses at most
 * {@code 1 / (1 + ratio)} of a core and its batches coalesce more. A rest ends early when nothing arrived for
 * {@link #LOOK_INTERVAL_NANOS} or more, and a writer that gains on the journal (a backlog after a burst, light
 * traffic) never rests. It counts CPU time, not wall time, so a writer that waits for a slow disk is not slowed
 * further. A nice value alone cannot do this where file system calls cost CPU outside the guest's scheduler (the
 * bench VM, {@code results/}). Rests and the time rested are counted. Not thread-safe: owned by its writer.
 */
final class WriterRest
{
    /**
     * How far apart two looks at the received count must be for an unchanged count to end a rest: longer than the
     * gaps between arrivals under load (acked clients wait for a group commit before they send more).
     */
    static final long LOOK_INTERVAL_NANOS = 50_000_000L;

    private final int ratio;
    private final Counters counters;
    private final LongSupplier cpuNanos;
    private long receivedAtStart;
    private long cpuAtStart;
    private long receivedAtLastLook;
    private long lastLookNanos;
    private long restStartNanos;
    private long restUntilNanos;
    private boolean resting;

    /**
     * A policy.
     *
     * @param ratio    rest per unit of CPU time used; 0 never rests.
     * @param counters the broker's counters: requests received are read, rests counted.
     * @param cpuNanos the CPU time of the calling (writer) thread.
     */
    WriterRest(final int ratio, final Counters counters, final LongSupplier cpuNanos)
    {
        this.ratio = ratio;
        this.counters = counters;
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
        if (nowNanos - restUntilNanos >= 0)
        {
            resting = false;
        }
        else if (nowNanos - lastLookNanos >= LOOK_INTERVAL_NANOS)
        {
            final long seen = counters.get(BrokerCounter.RECEIVED);
            resting = seen != receivedAtLastLook;
            receivedAtLastLook = seen;
            lastLookNanos = nowNanos;
        }
        if (!resting)
        {
            counters.add(BrokerCounter.WRITER_REST_MICROS, (nowNanos - restStartNanos) / 1000);
        }
        return resting;
    }

    /**
     * Marks the start of a batch, when it has read its first record (an idle look at the journal is no batch).
     */
    void batchStarts()
    {
        if (ratio > 0)
        {
            receivedAtStart = counters.get(BrokerCounter.RECEIVED);
            cpuAtStart = cpuNanos.getAsLong();
        }
    }

    /**
     * Marks the end of a batch and decides whether the writer rests.
     *
     * @param read     records the batch read.
     * @param nowNanos {@link System#nanoTime()}.
     */
    void batchEnded(final int read, final long nowNanos)
    {
        if (ratio == 0)
        {
            return;
        }
        final long seen = counters.get(BrokerCounter.RECEIVED);
        final long rest = (cpuNanos.getAsLong() - cpuAtStart) * ratio;
        if (seen - receivedAtStart > read && rest > 0)
        {
            counters.add(BrokerCounter.WRITER_RESTS, 1);
            resting = true;
            restStartNanos = nowNanos;
            restUntilNanos = nowNanos + rest;
            receivedAtLastLook = seen;
            lastLookNanos = nowNanos;
        }
    }
}
