package dev.zom.client;

import dev.zom.ZomException;
import dev.zom.broker.Broker;
import dev.zom.broker.BrokerContext;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A client whose broker is down or misnamed. A render process that wrote fire-and-forget writes while its broker was
 * down must still be able to exit: closing the client gives the unsent writes the client's reply timeout to go out,
 * then drops them (PUSH is a transport, not an acknowledgement; PROTOCOL.md), instead of waiting for ever; and a
 * write that finds ZeroMQ's queue to the broker full fails after the timeout instead of blocking the render. A
 * broker host that does not resolve, or an endpoint that is not one, is said so with the endpoint.
 */
class ClientWithoutBrokerTest
{
    @Test
    @Timeout(60)
    void closingAfterWritesToABrokerThatIsDownShouldReturnWithinTheTimeout() throws Exception
    {
        final ZomClient client = ZomClient.connect("tcp://127.0.0.1:1", "tcp://127.0.0.1:2", 5, 1_000);
        for (int i = 0; i < 10; i++)
        {
            client.write("/data/shot", "e" + i, Value.of((long)i));
        }
        final long start = System.nanoTime();
        final CompletableFuture<Void> closed = CompletableFuture.runAsync(client::close);
        closed.get(20, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(20_000);
    }

    @Test
    @Timeout(60)
    void fireAndForgetWritesToABrokerThatIsDownShouldFailAfterTheTimeoutNotBlockForEver()
    {
        final String unsent = "the broker at tcp://127.0.0.1:2 took no fire-and-forget write for 500 ms: this write " +
            "was not sent";
        final String why = " (down, or far behind? nothing listens there: is the broker running, and is this its " +
            "PULL endpoint?)";
        try (ZomClient single = ZomClient.connect("tcp://127.0.0.1:1", "tcp://127.0.0.1:2", 6, 500);
            ZomClient batching = ZomClient.connect("tcp://127.0.0.1:1", "tcp://127.0.0.1:2", 7, 500).batch(64))
        {
            for (final ZomClient client : List.of(single, batching))
            {
                assertThatThrownBy(() ->
                {
                    for (int i = 0; i < 1_000_000; i++)
                    {
                        client.write("/data/shot", "e" + i % 100, Value.of((long)i));
                    }
                }).isInstanceOf(ZomException.class)
                    .hasMessage(client == single ? unsent + why : unsent + ", nor the batch it was gathered in" + why);
            }
        }
    }

    @Test
    @Timeout(60)
    void aBrokersPullEndpointGivenAsItsRouterShouldBeToldFromNoBrokerAtAll(@TempDir final Path dir) throws Exception
    {
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir));
            ZomClient swapped = ZomClient.connect(broker.pullEndpoint(), broker.routerEndpoint(), 8, 500);
            ZomClient nobody = ZomClient.connect("tcp://127.0.0.1:1", null, 9, 500))
        {
            Thread.sleep(1_000);
            assertThatThrownBy(swapped::stat).as("sent after the PULL socket refused the DEALER's handshake, which " +
                    "left ZeroMQ no connection to queue it on: a send without a timeout blocked for ever")
                .isInstanceOf(NoReplyException.class)
                .hasMessageContaining("something listens there but did not answer as a broker's ROUTER endpoint");
            assertThatThrownBy(nobody::stat).isInstanceOf(NoReplyException.class)
                .hasMessageContaining("nothing listens there");
            assertThatThrownBy(() ->
            {
                for (int i = 0; i < 1_000_000; i++)
                {
                    swapped.write(dir + "/data/shot", "x", Value.of((long)i));
                }
            })
                .as("fire-and-forget writes with the broker's ROUTER endpoint given as its PULL")
                .isInstanceOf(ZomException.class).hasMessageContaining("something listens there but did not answer " +
                    "as a broker's PULL endpoint: is it the broker's ROUTER endpoint");
        }
    }

    @Test
    @Timeout(60)
    void anEndpointThatCannotBeReachedOrParsedShouldBeNamed()
    {
        assertThatThrownBy(() -> ZomClient.connect("tcp://nosuchhost.invalid:5571", null).close())
            .isInstanceOf(ZomException.class)
            .hasMessageStartingWith("cannot connect to the broker at tcp://nosuchhost.invalid:5571: ");
        assertThatThrownBy(() -> ZomClient.connect("fileserver:5571", null).close())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("invalid broker endpoint=fileserver:5571 (tcp://HOST:PORT): ");
        assertThatThrownBy(() -> ConflictSubscriber.connect("tcp://nosuchhost.invalid:5572", "").close())
            .isInstanceOf(ZomException.class)
            .hasMessageStartingWith("cannot connect to the broker at tcp://nosuchhost.invalid:5572: ");
    }

    @Test
    @Timeout(60)
    void aConnectThatFailsShouldLeaveNoZeroMqThreadsBehind() throws Exception
    {
        final long before = zeroMqThreads();
        for (int i = 0; i < 10; i++)
        {
            assertThatThrownBy(() -> ZomClient.connect("tcp://nosuchhost.invalid:5571", null))
                .isInstanceOf(ZomException.class);
        }
        final long deadline = System.currentTimeMillis() + 10_000;
        while (zeroMqThreads() > before && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(20);
        }
        assertThat(zeroMqThreads()).as("each failed client's context closed").isLessThanOrEqualTo(before);
    }

    private static long zeroMqThreads()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && (t.getName().startsWith("reaper") || t.getName().startsWith("iothread")))
            .count();
    }
}
