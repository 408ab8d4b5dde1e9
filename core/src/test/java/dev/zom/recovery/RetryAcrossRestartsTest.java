package dev.zom.recovery;

import dev.zom.ChildJvm;
import dev.zom.broker.Await;
import dev.zom.broker.Broker;
import dev.zom.broker.BrokerContext;
import dev.zom.broker.BrokerCounter;
import dev.zom.client.Ack;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries are recognised across restarts however much was journaled since (the retry windows are snapshotted beside
 * the journal): after a {@code kill -9} that follows far more writes by others than a rebuild from the journal's
 * tail would read, and after a clean stop; a damaged snapshot, or one from another journal, is ignored.
 */
@Tag("crash")
@Timeout(300)
class RetryAcrossRestartsTest
{
    private static final Pattern JOURNALED = Pattern.compile("zom_journaled_total (\\d+)");
    private static final long CLIENT = 77;

    @TempDir
    Path dir;

    @Test
    void aRetryShouldBeRecognisedAfterAKillAndMoreOtherWritesThanTheTailRebuildReads() throws Exception
    {
        final String shot = dir.resolve("data/shot").toString();
        final List<Ack> acks = new ArrayList<>();
        final int others = 100_000;
        try (ChildJvm broker = ChildJvm.start(BrokerMain.class, dir.toString(), "batch"))
        {
            final String[] endpoints = broker.readLine(60_000).split(" ");
            try (ZomClient client = ZomClient.connect(endpoints[2], null, CLIENT, 10_000);
                ZomClient other = ZomClient.connect(endpoints[2], endpoints[1]))
            {
                for (int i = 0; i < 10; i++)
                {
                    acks.add(client.writeAcked(shot, "mine" + i, Value.of((long)i)));
                }
                for (int i = 0; i < others; i++)
                {
                    other.write(shot, "other" + (i % 1000), Value.of((long)i));
                }
                Await.until("the other writes journaled", 120_000, () -> journaled(client.stat()) >= 10 + others);
            }
            broker.kill9();
        }
        try (ChildJvm broker = ChildJvm.start(BrokerMain.class, dir.toString(), "batch"))
        {
            final String router = BrokerMain.routerOf(broker);
            try (ZomClient client = ZomClient.connect(router, null, CLIENT, 10_000))
            {
                for (final Ack ack : acks)
                {
                    client.resend(ack.sequence(), shot, "mine" + (ack.sequence() - 1), Value.of(ack.sequence() - 1));
                    final Ack retry = client.receiveAck();
                    assertThat(retry.duplicate()).as("retry of sequence %d", ack.sequence()).isTrue();
                    assertThat(retry.journalIndex()).isEqualTo(ack.journalIndex());
                }
                assertThat(journaled(client.stat())).as("nothing journaled again").isZero();
            }
            broker.kill9();
        }
    }

    @Test
    void aDamagedOrForeignSnapshotShouldBeIgnored() throws Exception
    {
        final String shot = dir.resolve("a/data/shot").toString();
        final Ack first;
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir.resolve("a")));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null, CLIENT, 10_000))
        {
            first = client.writeAcked(shot, "x", Value.of(1L));
        }
        final Path snapshot = dir.resolve("a/journal/dedup.snapshot");
        assertThat(snapshot).as("written when the broker stopped").exists();
        final byte[] bytes = Files.readAllBytes(snapshot);
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir.resolve("b")));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null, 88, 10_000))
        {
            client.writeAcked(dir.resolve("b/data/shot").toString(), "y", Value.of(2L));
        }
        Files.write(dir.resolve("b/journal/dedup.snapshot"), bytes);
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir.resolve("b")));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null, CLIENT, 10_000))
        {
            client.resend(first.sequence(), dir.resolve("b/data/shot").toString(), "x", Value.of(1L));
            assertThat(client.receiveAck().duplicate()).as("a snapshot of another journal is ignored").isFalse();
        }
        bytes[bytes.length / 2] ^= 1;
        Files.write(snapshot, bytes);
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir.resolve("a")));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null, CLIENT, 10_000))
        {
            client.resend(first.sequence(), shot, "x", Value.of(1L));
            final Ack retry = client.receiveAck();
            assertThat(retry.duplicate()).as("recognised from the journal's tail instead").isTrue();
            assertThat(retry.journalIndex()).isEqualTo(first.journalIndex());
            assertThat(broker.counters().get(BrokerCounter.JOURNALED)).isZero();
        }
    }

    private static long journaled(final String stat)
    {
        final Matcher m = JOURNALED.matcher(stat);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
