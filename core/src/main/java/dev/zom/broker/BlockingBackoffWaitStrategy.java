package dev.zom.broker;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * The ring's wait strategy: a handler waiting for the ingress blocks on a monitor (woken once per published range,
 * like Disruptor's {@code BlockingWaitStrategy}); a handler waiting for the stage before it (the ack handler waiting
 * for the group commit or the journal handler) spins briefly, yields, then parks until that stage's
 * {@link StageSignal} wakes it at the end of a batch ({@link LinkedStage}). A park ends by itself after a bound, so a
 * stage wired without a signal, or a halt, costs at most that much time.
 *
 * <p><b>Design note:</b> Disruptor's {@code BlockingWaitStrategy} busy-spins on the dependent stage. On two cores a
 * spinning ack handler took a core from the journal handler it waits for (seen in a JFR profile of the PULL path).
 * Parking with a growing pause of up to 50 µs instead still woke the ack handler some forty times during each
 * 2 ms journal sync under acknowledged load; woken by a signal, the ring's threads use ~0.6 µs less CPU per
 * acknowledged write (results/2026-11-30, session 7).
 */
final class BlockingBackoffWaitStrategy implements WaitStrategy
{
    private static final int SPINS = 64;
    private static final int YIELDS = 8;
    private static final long MAX_PARK_NANOS = 1_000_000;

    private final Object mutex = new Object();
    private final long maxParkNanos;

    /**
     * The broker's strategy: a stage parked without a signal looks again after a millisecond.
     */
    BlockingBackoffWaitStrategy()
    {
        this(MAX_PARK_NANOS);
    }

    /**
     * @param maxParkNanos how long a stage waiting for the stage before it stays parked without a signal.
     */
    BlockingBackoffWaitStrategy(final long maxParkNanos)
    {
        this.maxParkNanos = maxParkNanos;
    }

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
                LockSupport.parkNanos(this, maxParkNanos);
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
