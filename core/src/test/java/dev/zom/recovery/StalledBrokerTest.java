package dev.zom.recovery;

import dev.zom.ChildJvm;
import dev.zom.client.Ack;
import dev.zom.client.AckedPipeline;
import dev.zom.client.NoReplyException;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker that stops answering for longer than the client's reply timeout (frozen with SIGSTOP, as a stalled
 * machine or a long pause would leave it): {@code writeAcked} sends the write again with its sequence on a new
 * connection, and once the broker goes on it is acknowledged and journaled once, though the broker got it twice.
 * Without the resend the caller got a timeout, and a caller that wrote again got a second write journaled. A read is
 * asked again the same way. Replies that come after the client gave up on them are never taken for the answers to
 * later requests.
 */
@Tag("crash")
@Timeout(120)
class StalledBrokerTest
{
    private static final int TIMEOUT_MILLIS = 2000;

    @TempDir
    Path dir;

    @Test
    void aWriteTheBrokerStalledOnShouldBeSentAgainAndJournaledOnce() throws Exception
    {
        final String shot = dir.resolve("data/shot").toString();
        try (ChildJvm broker = ChildJvm.start(BrokerMain.class, dir.toString(), "batch"))
        {
            final String router = BrokerMain.routerOf(broker);
            try (ZomClient client = ZomClient.connect(router, null, 77, TIMEOUT_MILLIS))
            {
                final Ack before = client.writeAcked(shot, "before", Value.of(1L));
                final CompletableFuture<Void> resume = stallPastTheTimeout(broker);
                final Ack stalled = client.writeAcked(shot, "stalled", Value.of(2L));
                resume.join();
                assertThat(stalled.journalIndex()).isEqualTo(before.journalIndex() + 1);
                assertThat(ZomClient.counter(client.stat(), "zom_journaled_total")).as("journaled once").isEqualTo(2);
                assertThat(client.writeAcked(shot, "after", Value.of(3L)).journalIndex())
                    .as("the next write gets its own reply, not the one the old connection missed")
                    .isEqualTo(before.journalIndex() + 2);
                final CompletableFuture<Void> resumeRead = stallPastTheTimeout(broker);
                assertThat(client.read(shot, "stalled")).as("a read across the stall asked again and answered")
                    .isEqualTo(Value.of(2L));
                resumeRead.join();
            }
            try (ZomClient client = ZomClient.connect(router, null, 78, 500))
            {
                firstWriteHeard(client, shot);
                broker.signal("STOP");
                assertThatThrownBy(() -> client.writeAcked(shot, "given up", Value.of(4L)))
                    .isInstanceOfSatisfying(NoReplyException.class, ex -> assertThat(ex.sequence()).isEqualTo(2))
                    .hasMessageContaining("sent 3 times, waiting 500 ms after each");
                broker.signal("CONT");
                final Ack next = client.writeAcked(shot, "next", Value.of(5L));
                assertThat(next.sequence()).as("its own reply, not a late one to the write given up on")
                    .isEqualTo(3);

                broker.signal("STOP");
                assertThatThrownBy(() -> client.read(shot, "missing")).isInstanceOf(NoReplyException.class)
                    .hasMessage("no reply from the broker to the read of " + shot + " missing, sent 3 times, waiting " +
                        "500 ms after each");
                broker.signal("CONT");
                assertThat(client.read(shot, "next")).as("its own answer, not the late NOT_FOUND of the read before")
                    .isEqualTo(Value.of(5L));
            }
        }
    }

    /**
     * The client's first write, sequence 1: a client no broker has answered yet waits once only, and a new
     * connection's first acknowledgement on a loaded CI machine (its handshake, a sync) can take longer than this
     * client's 500 ms. Sent again with the same sequence until heard; the broker journals it once.
     */
    private static void firstWriteHeard(final ZomClient client, final String shot)
    {
        for (int tries = 1; ; tries++)
        {
            try
            {
                client.writeAcked(shot, "heard", Value.of(0L));
                return;
            }
            catch (final NoReplyException slow)
            {
                if (tries == 10)
                {
                    throw slow;
                }
                client.nextSequence(1);
            }
        }
    }

    @Test
    void aPipelineShouldSendItsWritesInFlightAgainAndHaveEachJournaledOnce() throws Exception
    {
        final String shot = dir.resolve("data/shot").toString();
        try (ChildJvm broker = ChildJvm.start(BrokerMain.class, dir.toString(), "batch"))
        {
            final String router = BrokerMain.routerOf(broker);
            try (ZomClient client = ZomClient.connect(router, null, 79, TIMEOUT_MILLIS))
            {
                final Set<Long> acked = new HashSet<>();
                final AckedPipeline pipeline = new AckedPipeline(client, 64,
                    (ack, sentAt) -> acked.add(ack.sequence()));
                pipeline.submit(shot, "warm", Value.of(0L));
                pipeline.flush();
                final CompletableFuture<Void> resume = stallPastTheTimeout(broker);
                for (int i = 0; i < 200; i++)
                {
                    pipeline.submit(shot, "e" + i, Value.of((long)i));
                }
                pipeline.flush();
                resume.join();
                assertThat(acked).hasSize(201);
                assertThat(pipeline.resent()).as("the writes in flight sent again").isPositive();
                assertThat(ZomClient.counter(client.stat(), "zom_journaled_total")).as("journaled once each")
                    .isEqualTo(201);
            }
        }
    }

    @Test
    void aClientNoBrokerEverAnsweredShouldGiveUpAfterOneWaitAndSaySo()
    {
        try (ZomClient client = ZomClient.connect("tcp://127.0.0.1:1", null, 80, 300))
        {
            assertThatThrownBy(() -> client.writeAcked(dir.resolve("data/shot").toString(), "x", Value.of(1L)))
                .isInstanceOf(NoReplyException.class)
                .hasMessage("no reply from the broker at tcp://127.0.0.1:1 within 300 ms (none has answered this " +
                    "client yet: nothing listens there: is the broker running, and is this its ROUTER endpoint?)");
        }
    }

    /**
     * Freezes the broker now and lets it go on half a second after the client's reply timeout.
     */
    private static CompletableFuture<Void> stallPastTheTimeout(final ChildJvm broker) throws Exception
    {
        broker.signal("STOP");
        return CompletableFuture.runAsync(() -> { },
            CompletableFuture.delayedExecutor(TIMEOUT_MILLIS + 500, TimeUnit.MILLISECONDS))
            .thenRun(() -> signal(broker, "CONT"));
    }

    private static void signal(final ChildJvm broker, final String name)
    {
        try
        {
            broker.signal(name);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
