package dev.zom.broker;

import dev.zom.ErrorCode;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The broker's counters and rejections by reason, readable from any thread. Each counter is updated from few
 * threads with atomic adds, so counting allocates nothing. Each counter has {@value #STRIDE} longs to itself (128
 * bytes: two cache lines, as the CPU fetches them in pairs): the ingress, the journal handler, the acker and the disk
 * writers each update their own counters many times a millisecond, and counters sharing a line made each update
 * take that line from another core.
 */
public final class Counters
{
    /** Longs from one counter to the next; the first is as far from the array's header, which every access reads. */
    private static final int STRIDE = 16;

    private final AtomicLongArray values = new AtomicLongArray((BrokerCounter.values().length + 1) * STRIDE);
    private final AtomicLongArray rejectedByReason = new AtomicLongArray(ErrorCode.values().length);

    /**
     * Adds to a counter.
     *
     * @param counter the counter.
     * @param delta   how much.
     */
    public void add(final BrokerCounter counter, final long delta)
    {
        values.getAndAdd(slot(counter), delta);
    }

    /**
     * Sets a gauge.
     *
     * @param counter the gauge.
     * @param value   its value.
     */
    public void set(final BrokerCounter counter, final long value)
    {
        values.setRelease(slot(counter), value);
    }

    /**
     * A counter's value.
     *
     * @param counter the counter.
     * @return its value.
     */
    public long get(final BrokerCounter counter)
    {
        return values.get(slot(counter));
    }

    /**
     * Counts a rejected write.
     *
     * @param reason why it was rejected.
     */
    public void rejected(final ErrorCode reason)
    {
        values.getAndIncrement(slot(BrokerCounter.REJECTED));
        rejectedByReason.getAndIncrement(reason.ordinal());
    }

    private static int slot(final BrokerCounter counter)
    {
        return (counter.ordinal() + 1) * STRIDE;
    }

    /**
     * How many writes were rejected for a reason.
     *
     * @param reason the reason.
     * @return the count.
     */
    public long rejectedFor(final ErrorCode reason)
    {
        return rejectedByReason.get(reason.ordinal());
    }

    /**
     * Appends every counter in the Prometheus text format.
     *
     * @param out where to append.
     */
    public void appendTo(final StringBuilder out)
    {
        for (final BrokerCounter counter : BrokerCounter.values())
        {
            out.append("# HELP ").append(counter.metricName()).append(' ').append(counter.description()).append('\n');
            out.append("# TYPE ").append(counter.metricName()).append(counter.isGauge() ? " gauge\n" : " counter\n");
            out.append(counter.metricName()).append(' ').append(get(counter)).append('\n');
        }
        out.append("# HELP zom_rejected_by_reason_total writes rejected, by reason\n");
        out.append("# TYPE zom_rejected_by_reason_total counter\n");
        for (final ErrorCode reason : ErrorCode.values())
        {
            out.append("zom_rejected_by_reason_total{reason=\"").append(reason.name().toLowerCase(Locale.ROOT))
                .append("\"} ").append(rejectedFor(reason)).append('\n');
        }
    }
}
