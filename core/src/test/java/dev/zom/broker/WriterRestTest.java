package dev.zom.broker;

import dev.zom.client.ZomClient;
import dev.zom.format.MetaReader;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The disk writer's give-way policy: it rests its ratio times the CPU time of a batch during which more requests
 * arrived than it read records, never when it gains on the journal, and stops resting once arrivals pause. On a
 * real broker under a stream of pushed writes the writers rest (counted, with the time rested), and once the stream
 * stops they catch up with every last value.
 */
class WriterRestTest
{
    private static final long MS = 1_000_000L;
    private static final long LOOK = WriterRest.LOOK_INTERVAL_NANOS;

    @TempDir
    Path dir;

    private final Counters counters = new Counters();
    private final AtomicLong cpu = new AtomicLong();

    private void arrive(final long writes)
    {
        counters.add(BrokerCounter.RECEIVED, writes);
    }

    /** A policy after one batch that used some CPU, read some records and saw some requests arrive, ended at 0. */
    private WriterRest afterABatch(final int ratio, final long cpuNanos, final long arrivals, final int read)
    {
        final WriterRest rest = new WriterRest(ratio, counters, cpu::get);
        rest.batchStarts();
        cpu.addAndGet(cpuNanos);
        arrive(arrivals);
        rest.batchEnded(read, 0);
        return rest;
    }

    @Test
    void aWriterThatFallsBehindShouldRestItsRatioTimesTheCpuTimeOfTheBatch()
    {
        final WriterRest rest = afterABatch(3, 100 * MS, 500, 100);
        assertThat(counters.get(BrokerCounter.WRITER_RESTS)).isEqualTo(1);
        assertThat(rest.resting(1)).as("at once, though nothing new arrived yet").isTrue();
        for (long now = LOOK; now < 300 * MS; now += LOOK)
        {
            arrive(10);
            assertThat(rest.resting(now)).isTrue();
        }
        arrive(10);
        assertThat(rest.resting(300 * MS)).isFalse();
        assertThat(rest.resting(300 * MS)).as("a rest ends once").isFalse();
        assertThat(counters.get(BrokerCounter.WRITER_REST_MICROS)).isEqualTo(300_000);
    }

    @Test
    void aWriterThatGainsOnTheJournalShouldNeverRest()
    {
        final WriterRest rest = afterABatch(3, 10 * MS, 100, 100);
        assertThat(rest.resting(1)).isFalse();
        assertThat(counters.get(BrokerCounter.WRITER_RESTS)).isZero();
    }

    @Test
    void aRestShouldEndWhenNothingArrivedForALookInterval()
    {
        final WriterRest rest = afterABatch(3, 100 * MS, 500, 100);
        arrive(1);
        assertThat(rest.resting(LOOK)).isTrue();
        assertThat(rest.resting(LOOK + LOOK / 2)).as("too soon to tell").isTrue();
        assertThat(rest.resting(2 * LOOK)).as("arrivals paused").isFalse();
        assertThat(counters.get(BrokerCounter.WRITER_REST_MICROS)).isEqualTo(2 * LOOK / 1000);
    }

    @Test
    void aRatioOfZeroShouldNeverRest()
    {
        final WriterRest rest = afterABatch(0, 10 * MS, 500, 100);
        assertThat(rest.resting(1)).isFalse();
        assertThat(counters.get(BrokerCounter.WRITER_RESTS)).isZero();
    }

    @Test
    void writersShouldRestUnderAStreamOfWritesAndCatchUpOnceItStops() throws Exception
    {
        final BrokerContext context = BrokerContext.embedded(dir).writerBatch(16);
        assertThat(context.writerRest()).isEqualTo(3);
        try (Broker broker = Broker.launch(context);
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), broker.pullEndpoint()))
        {
            final String location = dir.resolve("data/shot").toString();
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicLong sent = new AtomicLong();
            final Thread pusher = new Thread(() ->
            {
                while (!stop.get())
                {
                    final long n = sent.getAndIncrement();
                    client.write(location, "e" + (n % 15), Value.of(n));
                }
            });
            pusher.start();
            Await.until("a writer rest taken", 30_000,
                () -> broker.counters().get(BrokerCounter.WRITER_REST_MICROS) > 0);
            stop.set(true);
            pusher.join();
            Await.until("every pushed write journaled", 30_000,
                () -> broker.counters().get(BrokerCounter.JOURNALED) == sent.get());
            Await.applied(broker);
            assertThat(broker.counters().get(BrokerCounter.WRITER_RESTS)).isPositive();
            final long total = sent.get();
            for (long n = total - 15; n < total; n++)
            {
                assertThat(MetaReader.read(location, "e" + (n % 15))).isEqualTo(Value.of(n));
            }
        }
    }

    @Test
    void aRatioOutsideZeroToAHundredShouldBeRefusedAtLaunch()
    {
        assertThatThrownBy(() -> Broker.launch(BrokerContext.embedded(dir).writerRest(-1)))
            .hasMessageContaining("writer.rest=-1");
        assertThatThrownBy(() -> Broker.launch(BrokerContext.embedded(dir).writerRest(101)))
            .hasMessageContaining("writer.rest=101");
    }
}
