package dev.zom.broker;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * The ring's wait strategy: a handler waiting for the ingress blocks on a monitor (woken once per published range,
 * like Disruptor's {@code BlockingWaitStrategy}); a handler waiting for the stage before it (the ack handler waiting
 * for the journal handler) spins briefly, yields, then parks with a growing pause.
 *
 * <p><b>Design note:</b> Disruptor's {@code BlockingWaitStrategy} busy-spins on the dependent stage. On two cores a
 * spinning ack handler took a core from the journal handler it waits for (seen in a JFR profile of the PULL path),
 * so here the dependent wait backs off. The cost is at most {@link #MAX_PARK_NANOS} of extra ack latency.
 */
final class BlockingBackoffWaitStrategy implements WaitStrategy
{
    private static final int SPINS = 64;
    private static final int YIELDS = 8;
    private static final long MIN_PARK_NANOS = 1_000;
    private static final long MAX_PARK_NANOS = 50_000;

    private final Object mutex = new Object();

    @Override
    public long waitFor(
        final long sequence, final Sequence cursor, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException, InterruptedException
    {
        if (cursor.get() < sequence)
        {
            synchronized (mutex)
            {
                while (cursor.get() < sequence)
                {
                    barrier.checkAlert();
                    mutex.wait();
                }
            }
        }
        long available;
        int attempts = 0;
        long park = MIN_PARK_NANOS;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            if (attempts < SPINS)
            {
                Thread.onSpinWait();
            }
            else if (attempts < SPINS + YIELDS)
            {
                Thread.yield();
            }
            else
            {
                LockSupport.parkNanos(park);
                park = Math.min(park << 1, MAX_PARK_NANOS);
            }
            attempts++;
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking()
    {
        synchronized (mutex)
        {
            mutex.notifyAll();
        }
    }
}
