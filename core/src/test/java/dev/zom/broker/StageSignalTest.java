package dev.zom.broker;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ring stages woken by the stage before them: on a real Disruptor whose wait strategy keeps a waiting stage parked
 * for a minute without a signal, a slow first stage's every batch still reaches the stage after it at once. Without
 * the signal the second stage sleeps out the minute and the test times out.
 */
class StageSignalTest
{
    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int EVENTS = 20;

    @Test
    void aParkedStageShouldBeWokenByEachBatchOfTheStageBeforeIt()
    {
        final AtomicLong seen = new AtomicLong(-1);
        final StageSignal signal = new StageSignal();
        final Disruptor<long[]> disruptor = new Disruptor<>(() -> new long[1], 16, StageSignalTest::daemon,
            ProducerType.SINGLE, new BlockingBackoffWaitStrategy(MINUTE_NANOS));
        final EventHandler<long[]> slow = (event, sequence, endOfBatch) ->
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3));
        final EventHandler<long[]> after = (event, sequence, endOfBatch) -> seen.set(event[0]);
        disruptor.handleEventsWith(new LinkedStage<>(slow, null, signal)).then(new LinkedStage<>(after, signal, null));
        final RingBuffer<long[]> ring = disruptor.start();
        try
        {
            for (long i = 0; i < EVENTS; i++)
            {
                final long value = i;
                ring.publishEvent((event, sequence) -> event[0] = value);
                Await.until("the second stage to see event " + i, 10_000, () -> seen.get() == value);
            }
            assertThat(seen.get()).isEqualTo(EVENTS - 1);
        }
        finally
        {
            disruptor.halt();
        }
    }

    /** A parked stage outlives the halt by up to its minute; it must not keep the test JVM alive. */
    private static Thread daemon(final Runnable runnable)
    {
        final Thread thread = new Thread(runnable, "stage-signal-test");
        thread.setDaemon(true);
        return thread;
    }
}
