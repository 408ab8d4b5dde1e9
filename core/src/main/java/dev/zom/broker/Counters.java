package dev.zom.broker;

import dev.zom.ErrorCode;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The broker's counters and rejections by reason, readable from any thread. Each counter is updated from few
 * threads with atomic adds, so counting allocates nothing.
 */
public final class Counters
{
    private final AtomicLongArray values = new AtomicLongArray(BrokerCounter.values().length);
    private final AtomicLongArray rejectedByReason = new AtomicLongArray(ErrorCode.values().length);

    /**
     * Adds to a counter.
     *
     * @param counter the counter.
     * @param delta   how much.
     */
    public void add(final BrokerCounter counter, final long delta)
    {
        values.getAndAdd(counter.ordinal(), delta);
    }

    /**
     * Sets a gauge.
     *
     * @param counter the gauge.
     * @param value   its value.
     */
    public void set(final BrokerCounter counter, final long value)
    {
        values.setRelease(counter.ordinal(), value);
    }

    /**
     * A counter's value.
     *
     * @param counter the counter.
     * @return its value.
     */
    public long get(final BrokerCounter counter)
    {
        return values.get(counter.ordinal());
    }

    /**
     * Counts a rejected write.
     *
     * @param reason why it was rejected.
     */
    public void rejected(final ErrorCode reason)
    {
        values.getAndIncrement(BrokerCounter.REJECTED.ordinal());
        rejectedByReason.getAndIncrement(reason.ordinal());
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
