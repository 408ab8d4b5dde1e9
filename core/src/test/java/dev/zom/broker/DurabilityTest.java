package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import dev.zom.journal.DurabilityMode;
import dev.zom.protocol.Protocol;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The power-loss model: an acknowledgement is sent only after the journal pages holding the write were synced.
 * The journal handler publishes the durable ring sequence after each sync; the ack handler refuses (and counts)
 * any write beyond it. Under concurrent load in modes batch and every, no write may reach the ack handler
 * undurable, syncs must have happened (one per batch, or one per write), and a write not yet durable is refused.
 */
class DurabilityTest
{
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = DurabilityMode.class, names = {"BATCH", "EVERY"})
    @Timeout(120)
    void acknowledgementsShouldFollowSyncs(final DurabilityMode mode) throws Exception
    {
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).durability(mode)))
        {
            final List<CompletableFuture<Void>> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++)
            {
                final int client = c;
                clients.add(CompletableFuture.runAsync(() ->
                {
                    try (ZomClient zom = ZomClient.connect(broker.routerEndpoint(), null))
                    {
                        for (int i = 0; i < 200; i++)
                        {
                            zom.writeAcked(dir + "/data/shot", "c" + client, Value.of((long)i));
                        }
                    }
                }));
            }
            CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get();
            final Counters counters = broker.counters();
            assertThat(counters.get(BrokerCounter.ACKED)).isEqualTo(800);
            assertThat(counters.get(BrokerCounter.ACKS_BEFORE_SYNC)).isZero();
            assertThat(counters.get(BrokerCounter.SYNCED)).isPositive();
            if (mode == DurabilityMode.EVERY)
            {
                assertThat(counters.get(BrokerCounter.SYNCED)).as("one per write, none of the disk writer's")
                    .isEqualTo(800);
            }
            else
            {
                assertThat(counters.get(BrokerCounter.SYNCED)).isLessThanOrEqualTo(800);
            }
        }
    }

    @Test
    void aWriteThatIsNotYetDurableShouldBeRefusedNotAcknowledged()
    {
        final ReplyQueue replies = new ReplyQueue(1 << 16);
        final Counters counters = new Counters();
        final AtomicLong durable = new AtomicLong(9);
        final AckHandler acker = new AckHandler(replies, counters, new BackoffIdleStrategy(), new IngressWakeup(),
            durable);
        final WriteEvent event = new WriteEvent(256);
        event.acked = true;
        acker.onEvent(event, 10, true);
        final int[] status = new int[1];
        replies.drain((type, buffer, index, length) ->
            status[0] = buffer.getByte(ReplyQueue.frameOffset(buffer, index) + 1), 1);
        assertThat(status[0]).isEqualTo(Protocol.STATUS_UNAVAILABLE);
        assertThat(counters.get(BrokerCounter.ACKS_BEFORE_SYNC)).isEqualTo(1);
        assertThat(counters.get(BrokerCounter.ACKED)).isZero();

        durable.set(11);
        event.reset();
        event.acked = true;
        acker.onEvent(event, 11, true);
        replies.drain((type, buffer, index, length) -> status[0] = buffer.getShort(
            ReplyQueue.frameOffset(buffer, index) + 4, ByteOrder.LITTLE_ENDIAN) +
            100 * buffer.getByte(ReplyQueue.frameOffset(buffer, index) + 1), 1);
        assertThat(status[0]).isEqualTo(Protocol.STATUS_OK);
        assertThat(counters.get(BrokerCounter.ACKED)).isEqualTo(1);
        assertThat(ErrorCode.UNAVAILABLE.code()).isEqualTo(25);
    }
}
