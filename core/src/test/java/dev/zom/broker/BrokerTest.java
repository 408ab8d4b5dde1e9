package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.client.Ack;
import dev.zom.client.WriteRefusedException;
import dev.zom.client.ZomClient;
import dev.zom.format.MetaReader;
import dev.zom.format.Value;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An embedded broker on loopback TCP, real journal files and real trees.
 */
@Timeout(60)
class BrokerTest
{
    @TempDir
    Path dir;

    private Broker broker;
    private ZomClient client;
    private String shot;

    @BeforeEach
    void launch()
    {
        broker = Broker.launch(BrokerContext.embedded(dir));
        client = ZomClient.connect(broker.routerEndpoint(), broker.pullEndpoint());
        shot = dir.resolve("data/show/shot010").toString();
    }

    @AfterEach
    void close()
    {
        client.close();
        broker.close();
        assertThat(broker.errorCount()).isZero();
    }

    @Test
    void anAcknowledgedWriteShouldBeJournaledThenAppliedToTheTree() throws Exception
    {
        final Ack ack = client.writeAcked(shot, "frames", Value.of(42L));
        assertThat(ack.journalIndex()).isPositive();
        assertThat(ack.duplicate()).isFalse();
        assertThat(broker.journaledIndex()).isEqualTo(ack.journalIndex());
        Await.applied(broker);
        assertThat(Files.readString(Path.of(shot, ".meta/frames.int"))).isEqualTo("42");
        assertThat(broker.counters().get(BrokerCounter.ACKED)).isEqualTo(1);
        assertThat(broker.counters().get(BrokerCounter.APPLIED)).isEqualTo(1);
    }

    @Test
    void closeShouldReturnOnlyOnceTheRingsThreadsHaveEnded() throws Exception
    {
        final Set<Thread> before = ringThreads();
        try (Broker other = Broker.launch(BrokerContext.embedded(dir.resolve("other")));
            ZomClient otherClient = ZomClient.connect(other.routerEndpoint(), null))
        {
            otherClient.writeAcked(dir.resolve("other/data/shot").toString(), "frames", Value.of(1L));
            assertThat(ringThreads()).hasSizeGreaterThan(before.size());
        }
        assertThat(ringThreads()).as("ring threads alive once close returned (the journal handler saves its "
            + "snapshot and closes its appender when it stops)").isSubsetOf(before);
    }

    private static Set<Thread> ringThreads()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().equals("zom-ring") && thread.isAlive()).collect(Collectors.toSet());
    }

    @Test
    void everyValueTypeShouldTravelAndBeWrittenAsTheReferenceWould() throws Exception
    {
        client.writeAcked(shot, "b", Value.of(true));
        client.writeAcked(shot, "f", Value.of(0.1));
        client.writeAcked(shot, "s", Value.of("caf\u00e9 \ud83d\ude00"));
        client.writeAcked(shot, "t", new Value.TupleValue(List.of(1L, "a", 1.5)));
        client.writeAcked(shot, "n", Value.ofNull());
        client.writeAcked(shot, "d", new Value.DateValue("20261125-011510"));
        client.writeAcked(shot, "notes.text", new Value.StringValue("x", true));
        client.writeAcked(shot, "a/b/c", Value.of(-1L));
        Await.applied(broker);
        final Path meta = Path.of(shot, ".meta");
        assertThat(Files.readString(meta.resolve("b.bool"))).isEqualTo("true");
        assertThat(Files.readString(meta.resolve("f.float"))).isEqualTo("0.1");
        assertThat(Files.readString(meta.resolve("s.string"))).isEqualTo("\"caf\\u00e9 \\ud83d\\ude00\"");
        assertThat(Files.readString(meta.resolve("t.tuple"))).isEqualTo("[1, \"a\", 1.5]");
        assertThat(Files.readString(meta.resolve("n.null"))).isEmpty();
        assertThat(Files.readString(meta.resolve("d.date"))).isEqualTo("\"20261125-011510\"");
        assertThat(Files.readString(meta.resolve("notes.text"))).isEqualTo("\"x\"");
        assertThat(Files.readString(meta.resolve("a.dict/b.dict/c.int"))).isEqualTo("-1");
    }

    @Test
    void aRetriedWriteShouldBeAcknowledgedWithItsOriginalIndexAndNotJournaledTwice()
    {
        final long sequence = client.send(shot, "x", Value.of(1L));
        final Ack first = client.receiveAck();
        client.resend(sequence, shot, "x", Value.of(1L));
        final Ack retry = client.receiveAck();
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.journalIndex()).isEqualTo(first.journalIndex());
        assertThat(broker.counters().get(BrokerCounter.JOURNALED)).isEqualTo(1);
        assertThat(broker.counters().get(BrokerCounter.DUPLICATES)).isEqualTo(1);
    }

    /**
     * A client that restarts with a fixed id and counts from 1 again sends new writes under sequences the broker
     * remembers: acknowledging them as retries would acknowledge values never journaled.
     */
    @Test
    void aSequenceReusedForAnotherWriteShouldBeRefusedNotAcknowledgedAsARetry()
    {
        final long sequence = client.send(shot, "x", Value.of(1L));
        final Ack first = client.receiveAck();
        client.resend(sequence, shot, "x", Value.of(2L));
        assertThatThrownBy(client::receiveAck).isInstanceOfSatisfying(WriteRefusedException.class, refused ->
        {
            assertThat(refused.code()).isEqualTo(ErrorCode.SEQUENCE_REUSED);
            assertThat(refused.isTransient()).isFalse();
            assertThat(refused.getMessage()).contains("new client id");
        });
        client.resend(sequence, shot, "y", Value.of(1L));
        assertThatThrownBy(client::receiveAck).isInstanceOf(WriteRefusedException.class);
        client.resend(sequence, shot, "x", Value.of(1L));
        assertThat(client.receiveAck().journalIndex()).as("a true retry").isEqualTo(first.journalIndex());
        assertThat(broker.counters().get(BrokerCounter.JOURNALED)).isEqualTo(1);
        assertThat(broker.counters().rejectedFor(ErrorCode.SEQUENCE_REUSED)).isEqualTo(2);
        assertThat(client.read(shot, "x")).isEqualTo(Value.of(1L));
    }

    @Test
    void pipelinedAcksShouldComeBackInOrder()
    {
        final long[] sequences = new long[500];
        for (int i = 0; i < sequences.length; i++)
        {
            sequences[i] = client.send(shot, "counter", Value.of((long)i));
        }
        long lastIndex = 0;
        for (final long sequence : sequences)
        {
            final Ack ack = client.receiveAck();
            assertThat(ack.sequence()).isEqualTo(sequence);
            assertThat(ack.journalIndex()).isGreaterThan(lastIndex);
            lastIndex = ack.journalIndex();
        }
    }

    @Test
    void fireAndForgetWritesShouldBeJournaledAndApplied() throws Exception
    {
        for (int i = 0; i < 1000; i++)
        {
            client.write(shot, "e" + (i % 100), Value.of((long)i));
        }
        Await.until("1000 journaled writes", 20_000, () -> broker.counters().get(BrokerCounter.JOURNALED) == 1000);
        Await.applied(broker);
        assertThat(Files.readString(Path.of(shot, ".meta/e99.int"))).isEqualTo("999");
        assertThat(broker.counters().get(BrokerCounter.APPLIED) + broker.counters().get(BrokerCounter.COALESCED))
            .isEqualTo(1000);
    }

    /**
     * A group of tens of thousands of entries (a frame-per-entry cache) lists as more than a megabyte: the client
     * takes a listing of any length, not only what fits its buffer for write replies.
     */
    @Test
    void aListingLongerThanAMegabyteShouldArriveWhole()
    {
        final int entries = 25_000;
        final String prefix = "cache/frame_with_a_long_descriptive_name_";
        for (int i = 0; i < entries; i++)
        {
            client.send(shot, prefix + i, Value.of((long)i));
            if (i >= 256)
            {
                client.receiveAck();
            }
        }
        for (int i = 0; i < 256; i++)
        {
            client.receiveAck();
        }
        final List<String[]> listed = client.ls(shot, "cache");
        assertThat(listed).hasSize(entries);
        assertThat(listed.stream().mapToInt(e -> e[0].length() + e[1].length() + 2).sum()).isGreaterThan(1 << 20);
        assertThat(listed).extracting(e -> e[0] + "." + e[1]).contains(
            "frame_with_a_long_descriptive_name_0.int", "frame_with_a_long_descriptive_name_24999.int");
        assertThat(client.writeAcked(shot, "after", Value.of(1L)).journalIndex()).isPositive();
    }

    @Test
    void readsShouldSeeTheNewestJournaledValueAndListingsThePendingEntries()
    {
        client.writeAcked(shot, "frames", Value.of(1L));
        Await.applied(broker);
        client.writeAcked(shot, "frames", Value.of(2L));
        client.writeAcked(shot, "group/child", Value.of("c"));
        assertThat(client.read(shot, "frames")).isEqualTo(Value.of(2L));
        assertThat(client.read(shot, "GROUP/child")).isEqualTo(Value.of("c"));
        assertThat(client.ls(shot, null)).extracting(e -> e[0] + "." + e[1])
            .containsExactly("frames.int", "group.dict");
        assertThat(client.ls(shot, "group")).extracting(e -> e[0] + "." + e[1]).containsExactly("child.string");
        assertThatThrownBy(() -> client.read(shot, "missing")).isInstanceOf(ZomException.class)
            .extracting(e -> ((ZomException)e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void readingAnEntryOnlyOnDiskShouldWork() throws Exception
    {
        client.writeAcked(shot, "x", Value.of(1.5));
        Await.applied(broker);
        assertThat(client.read(shot, "x")).isEqualTo(Value.of(1.5));
        assertThat(MetaReader.read(shot, "x")).isEqualTo(Value.of(1.5));
    }

    @Test
    void statShouldPrintTheCounters()
    {
        client.writeAcked(shot, "x", Value.of(1L));
        final String stat = client.stat();
        assertThat(stat).contains("zom_journaled_total 1", "zom_acked_total 1", "zom_writer_lag{store=");
    }
}
