package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.client.Ack;
import dev.zom.client.WriteRefusedException;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What survives a restart: a retry of a write journaled before the restart is still recognised, and so is a
 * different write under its client id and sequence (refused); a corrupted record is detected by its checksum,
 * skipped and counted, and the others are applied.
 */
@Timeout(120)
class RestartTest
{
    @TempDir
    Path dir;

    @Test
    void aRetryAfterARestartShouldGetTheOriginalIndex()
    {
        final String shot = dir.resolve("data/shot").toString();
        final Ack first;
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null, 77, 10_000))
        {
            first = client.writeAcked(shot, "x", Value.of(1L));
        }
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null, 77, 10_000))
        {
            client.resend(first.sequence(), shot, "x", Value.of(1L));
            final Ack retry = client.receiveAck();
            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.journalIndex()).isEqualTo(first.journalIndex());
            assertThat(broker.counters().get(BrokerCounter.JOURNALED)).isZero();
        }
    }

    @Test
    void aSequenceReusedForAnotherWriteAfterARestartShouldBeRefusedWithOrWithoutTheSnapshot() throws Exception
    {
        final String shot = dir.resolve("data/shot").toString();
        final Ack first;
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null, 77, 10_000))
        {
            first = client.writeAcked(shot, "x", Value.of(1L));
            client.writeAcked(shot, "y", Value.of(1L));
        }
        for (final boolean withSnapshot : new boolean[] {true, false})
        {
            if (!withSnapshot)
            {
                Files.delete(dir.resolve("journal/" + DedupSnapshot.FILE));
            }
            try (Broker broker = Broker.launch(BrokerContext.embedded(dir));
                ZomClient restarted = ZomClient.connect(broker.routerEndpoint(), null, 77, 10_000))
            {
                restarted.resend(first.sequence(), shot, "x", Value.of(1L));
                assertThat(restarted.receiveAck().journalIndex()).as("a true retry, with the snapshot: %s",
                    withSnapshot).isEqualTo(first.journalIndex());
                assertThatThrownBy(() -> restarted.writeAcked(shot, "x", Value.of(2L)))
                    .as("with the snapshot: %s", withSnapshot).isInstanceOfSatisfying(WriteRefusedException.class,
                        refused -> assertThat(refused.code()).isEqualTo(ErrorCode.SEQUENCE_REUSED));
                assertThat(broker.counters().get(BrokerCounter.JOURNALED)).isZero();
            }
        }
    }

    @Test
    void aCorruptedRecordShouldBeSkippedAndCountedAndTheOthersApplied() throws Exception
    {
        final String shot = dir.resolve("data/shot").toString();
        final BrokerContext context = BrokerContext.embedded(dir).storeName(dir.resolve("data"), "disk");
        try (Broker broker = Broker.launch(context); ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            client.writeAcked(shot, "good1", Value.of("first"));
            client.writeAcked(shot, "bad", Value.of("CORRUPT-ME"));
            client.writeAcked(shot, "good2", Value.of("second"));
            Await.applied(broker);
        }
        Files.delete(Path.of(shot, ".meta/bad.string"));
        Files.delete(Path.of(shot, ".meta/good2.string"));
        try (var checkpoints = Files.list(dir.resolve("journal/checkpoints")))
        {
            for (final Path checkpoint : checkpoints.toList())
            {
                Files.write(checkpoint, new byte[] {-1, -1, -1, -1, -1, -1, -1, -1});
            }
        }
        corrupt(dir.resolve("journal"), "CORRUPT-ME");
        try (Broker broker = Broker.launch(context))
        {
            Await.until("the corrupt record counted", 30_000,
                () -> broker.counters().get(BrokerCounter.CORRUPT_RECORDS) == 1);
            Await.applied(broker);
        }
        assertThat(Files.readString(Path.of(shot, ".meta/good2.string"))).isEqualTo("\"second\"");
        assertThat(Files.exists(Path.of(shot, ".meta/bad.string"))).isFalse();
    }

    private static void corrupt(final Path journal, final String marker) throws Exception
    {
        final byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.list(journal))
        {
            for (final Path cycle : files.filter(p -> p.toString().endsWith(".cq4")).toList())
            {
                final byte[] bytes = Files.readAllBytes(cycle);
                for (int i = 0; i + needle.length <= bytes.length; i++)
                {
                    if (matches(bytes, i, needle))
                    {
                        try (RandomAccessFile file = new RandomAccessFile(cycle.toFile(), "rw"))
                        {
                            file.seek(i);
                            file.write('X');
                        }
                        return;
                    }
                }
            }
        }
        throw new AssertionError("marker not found in the journal");
    }

    private static boolean matches(final byte[] bytes, final int at, final byte[] needle)
    {
        for (int k = 0; k < needle.length; k++)
        {
            if (bytes[at + k] != needle[k])
            {
                return false;
            }
        }
        return true;
    }
}
