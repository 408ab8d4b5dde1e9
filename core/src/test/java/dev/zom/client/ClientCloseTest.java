package dev.zom.client;

import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A render process that wrote fire-and-forget writes while its broker was down must still be able to exit: closing
 * the client gives the unsent writes the client's reply timeout to go out, then drops them (PUSH is a transport, not
 * an acknowledgement; PROTOCOL.md), instead of waiting for a broker for ever.
 */
class ClientCloseTest
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
}
