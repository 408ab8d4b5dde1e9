package dev.zom.broker;

import dev.zom.client.Ack;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that chose its own id says bye when it closes, and the broker forgets its retry window after a grace,
 * so render tasks that each open a client of their own do not fill the broker's memory for a day; a client given its
 * id (which another process may resume) says nothing, and a retry within the grace is still recognised.
 */
class ClientByeTest
{
    @TempDir
    Path dir;

    @Test
    void clientsThatChoseTheirIdsShouldLeaveNoRetryWindowOnceClosed() throws Exception
    {
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).dedupAfterByeMillis(0));
            ZomClient stat = ZomClient.connect(broker.routerEndpoint(), null, 1, 10_000))
        {
            final String shot = dir.resolve("data/shot").toString();
            for (int i = 0; i < 50; i++)
            {
                try (ZomClient task = ZomClient.connect(broker.routerEndpoint(), null))
                {
                    task.writeAcked(shot, "task" + i, Value.of(i));
                }
            }
            for (int i = 0; i < 20; i++)
            {
                try (ZomClient resumable = ZomClient.connect(broker.routerEndpoint(), null, 1_000 + i, 10_000))
                {
                    resumable.writeAcked(shot, "given" + i, Value.of(i));
                }
            }
            Await.until("the tasks' byes to reach the broker", 10_000,
                () -> ZomClient.counter(stat.stat(), "zom_byes_total") == 50);
            stat.writeAcked(shot, "last", Value.of(0));
            assertThat(ZomClient.counter(stat.stat(), "zom_retry_windows"))
                .as("the clients given an id, and this one").isEqualTo(21);
        }
    }

    @Test
    void aRetryWithinTheGraceAfterAByeShouldStillBeRecognised() throws Exception
    {
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            final String shot = dir.resolve("data/shot").toString();
            final long id;
            final Ack first;
            try (ZomClient task = ZomClient.connect(broker.routerEndpoint(), null))
            {
                id = task.clientId();
                first = task.writeAcked(shot, "frames", Value.of(7));
            }
            try (ZomClient stat = ZomClient.connect(broker.routerEndpoint(), null, 1, 10_000))
            {
                Await.until("the bye to reach the broker", 10_000,
                    () -> ZomClient.counter(stat.stat(), "zom_byes_total") == 1);
                stat.writeAcked(shot, "other", Value.of(0));
            }
            try (ZomClient retry = ZomClient.connect(broker.routerEndpoint(), null, id, 10_000))
            {
                final Ack again = retry.writeAcked(shot, "frames", Value.of(7));
                assertThat(again.duplicate()).isTrue();
                assertThat(again.journalIndex()).isEqualTo(first.journalIndex());
            }
        }
    }
}
