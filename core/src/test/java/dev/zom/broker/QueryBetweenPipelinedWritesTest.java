package dev.zom.broker;

import dev.zom.client.Ack;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that pipelines acknowledged writes and asks a query (read, ls, stat) before taking their
 * acknowledgements still gets every acknowledgement, in order: the write replies that arrive while it waits for the
 * query's answer are held for it, with or without write batches (a batch reply may be half taken).
 */
class QueryBetweenPipelinedWritesTest
{
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 16})
    void acknowledgementsShouldSurviveQueriesAskedInTheMiddleOfAPipeline(final int batch)
    {
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null, 42, 3_000).batch(batch))
        {
            final String shot = dir + "/data/shot";
            final List<Long> sent = new ArrayList<>();
            for (int i = 0; i < 40; i++)
            {
                sent.add(client.send(shot, "e" + i, Value.of((long)i)));
            }
            final List<Long> acked = new ArrayList<>();
            for (int i = 0; i < 5; i++)
            {
                acked.add(client.receiveAck().sequence());
            }
            assertThat(client.stat()).contains("zom_received_total");
            for (int i = 40; i < 80; i++)
            {
                sent.add(client.send(shot, "e" + i, Value.of((long)i)));
            }
            assertThat(client.ls(shot, null)).isNotNull();
            for (int i = 5; i < 80; i++)
            {
                final Ack ack = client.receiveAck();
                acked.add(ack.sequence());
            }
            assertThat(acked).isEqualTo(sent);
            assertThat(client.read(shot, "e79")).isEqualTo(Value.of(79L));
        }
    }
}
