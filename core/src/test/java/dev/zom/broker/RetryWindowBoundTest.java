package dev.zom.broker;

import dev.zom.client.Ack;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker keeps at most {@code dedup.max.clients} retry windows, whatever its clients do: a new client beyond it
 * takes the window of the client that wrote least recently, counted; a retry of that client's write is then journaled
 * again (the same value, acknowledged, never lost), while the others' retries are still recognised. A broker
 * restarted under a smaller bound keeps the clients that wrote most recently.
 */
class RetryWindowBoundTest
{
    @TempDir
    Path dir;

    @Test
    void clientsBeyondTheBoundShouldTakeTheWindowsOfThoseThatWroteLeastRecently() throws Exception
    {
        final String shot = dir.resolve("data/shot").toString();
        final Ack first101;
        final Ack first103;
        final Ack again101;
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).dedupMaxClients(2));
            ZomClient stat = ZomClient.connect(broker.routerEndpoint(), null, 1, 10_000))
        {
            first101 = firstWrite(broker, 101);
            firstWrite(broker, 102);
            first103 = firstWrite(broker, 103);
            assertThat(ZomClient.counter(stat.stat(), "zom_retry_windows")).isEqualTo(2);
            assertThat(ZomClient.counter(stat.stat(), "zom_retry_windows_evicted_total")).isEqualTo(1);

            final Ack retried103 = firstWrite(broker, 103);
            assertThat(retried103.duplicate()).isTrue();
            assertThat(retried103.journalIndex()).isEqualTo(first103.journalIndex());

            again101 = firstWrite(broker, 101);
            assertThat(again101.duplicate()).as("client 101's window was forgotten").isFalse();
            assertThat(again101.journalIndex()).isGreaterThan(first101.journalIndex());
            assertThat(ZomClient.counter(stat.stat(), "zom_retry_windows_evicted_total"))
                .as("101 took 102's window").isEqualTo(2);
            assertThat(stat.read(shot, "frames101")).isEqualTo(Value.of(101L));
        }
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).dedupMaxClients(1));
            ZomClient stat = ZomClient.connect(broker.routerEndpoint(), null, 1, 10_000))
        {
            final Ack retried101 = firstWrite(broker, 101);
            assertThat(retried101.duplicate()).as("101 wrote last before the stop").isTrue();
            assertThat(retried101.journalIndex()).isEqualTo(again101.journalIndex());
            assertThat(ZomClient.counter(stat.stat(), "zom_retry_windows")).isEqualTo(1);
            assertThat(ZomClient.counter(stat.stat(), "zom_retry_windows_evicted_total"))
                .as("103's window, left out when the snapshot was loaded").isEqualTo(1);
            assertThat(firstWrite(broker, 103).duplicate()).isFalse();
        }
    }

    /**
     * The first write of a client with a given id (it says no bye when closed): sequence 1, each time the same.
     */
    private Ack firstWrite(final Broker broker, final long clientId) throws Exception
    {
        try (ZomClient client = ZomClient.connect(broker.routerEndpoint(), null, clientId, 10_000))
        {
            return client.writeAcked(dir.resolve("data/shot").toString(), "frames" + clientId,
                Value.of(clientId));
        }
    }
}
