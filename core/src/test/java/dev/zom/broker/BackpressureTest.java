package dev.zom.broker;

import dev.zom.JournalContents;
import dev.zom.ErrorCode;
import dev.zom.client.Ack;
import dev.zom.client.AckedPipeline;
import dev.zom.client.WriteRefusedException;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import dev.zom.journal.DurabilityMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small ring behind a slow journal (a sync per write) fills up: acknowledged writes get busy replies and are sent
 * again (a batch the ring has no room for is answered busy write by write), fire-and-forget senders are pushed back
 * by the high-water marks, and nothing is lost.
 */
class BackpressureTest
{
    private static final int ACKED = 400;
    private static final int PUSHED = 1500;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aFullRingShouldPushBackAndLoseNothing() throws Exception
    {
        final BrokerContext context = BrokerContext.embedded(dir).ringSize(16).highWaterMark(50)
            .durability(DurabilityMode.EVERY);
        try (Broker broker = Broker.launch(context))
        {
            final String shot = dir.resolve("data/shot").toString();
            final CompletableFuture<Void> pushing = CompletableFuture.runAsync(() -> push(broker, shot));
            final Set<Long> indices = new HashSet<>();
            try (ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
            {
                for (int i = 0; i < ACKED; i++)
                {
                    client.send(shot, "acked" + i, Value.of((long)i));
                }
                int outstanding = ACKED;
                while (outstanding > 0)
                {
                    try
                    {
                        final Ack ack = client.receiveAck();
                        assertThat(indices.add(ack.journalIndex())).isTrue();
                        outstanding--;
                    }
                    catch (final WriteRefusedException busy)
                    {
                        assertThat(busy.code()).isEqualTo(ErrorCode.BUSY);
                        final long i = busy.sequence() - 1;
                        client.resend(busy.sequence(), shot, "acked" + i, Value.of(i));
                    }
                }
            }
            pushing.get();
            Await.until("every write journaled", 60_000,
                () -> broker.counters().get(BrokerCounter.JOURNALED) == ACKED + PUSHED);
            Await.applied(broker);
            assertThat(broker.counters().get(BrokerCounter.BUSY)).isPositive();
            assertThat(broker.counters().get(BrokerCounter.REJECTED)).isZero();
            assertThat(indices).hasSize(ACKED);
        }
        final Set<String> journaled = new HashSet<>(JournalContents.records(dir.resolve("journal")).values());
        assertThat(journaled).hasSize(ACKED + PUSHED);
    }

    @Test
    @Timeout(120)
    void aBatchTheRingHasNoRoomForShouldBeAnsweredBusyWriteByWriteAndLoseNothing() throws Exception
    {
        final BrokerContext context = BrokerContext.embedded(dir).ringSize(16).highWaterMark(50)
            .durability(DurabilityMode.EVERY);
        try (Broker broker = Broker.launch(context))
        {
            final String shot = dir.resolve("data/shot").toString();
            final CompletableFuture<Void> pushing = CompletableFuture.runAsync(() -> push(broker, shot));
            final Set<Long> indices = new HashSet<>();
            final long resent;
            try (ZomClient client = ZomClient.connect(broker.routerEndpoint(), null).batch(8))
            {
                final AckedPipeline pipeline = new AckedPipeline(client, 64, (ack, sentAt) ->
                    assertThat(indices.add(ack.journalIndex())).isTrue());
                for (int i = 0; i < ACKED; i++)
                {
                    pipeline.submit(shot, "acked" + i, Value.of((long)i));
                }
                pipeline.flush();
                resent = pipeline.resent();
            }
            pushing.get();
            Await.until("every write journaled", 60_000,
                () -> broker.counters().get(BrokerCounter.JOURNALED) == ACKED + PUSHED);
            assertThat(broker.counters().get(BrokerCounter.BUSY)).isPositive();
            assertThat(resent).isEqualTo(broker.counters().get(BrokerCounter.BUSY));
            assertThat(indices).hasSize(ACKED);
        }
        assertThat(new HashSet<>(JournalContents.records(dir.resolve("journal")).values())).hasSize(ACKED + PUSHED);
    }

    private static void push(final Broker broker, final String shot)
    {
        try (ZomClient client = ZomClient.connect(broker.routerEndpoint(), broker.pullEndpoint()))
        {
            for (int i = 0; i < PUSHED; i++)
            {
                client.write(shot, "pushed" + i, Value.of((long)i));
            }
        }
    }
}
