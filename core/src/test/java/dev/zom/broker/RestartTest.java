package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.client.Ack;
import dev.zom.client.WriteRefusedException;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;
import java.util.function.ToIntBiFunction;
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
        final String shot = shot();
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
        final String shot = shot();
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
        final String shot = shot();
        final BrokerContext context = context();
        try (Broker broker = Broker.launch(context);
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            client.writeAcked(shot, "good1", Value.of("first"));
            client.writeAcked(shot, "bad", Value.of("CORRUPT-ME"));
            client.writeAcked(shot, "good2", Value.of("second"));
            Await.applied(broker);
        }
        forgetTheTreeAndCheckpoints(shot);
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

    /**
     * A record whose length header is damaged hides where the records after it begin, up to the next record
     * Chronicle's index names (every 128th): the disk writer skips them, counts them, and applies the rest, then
     * goes on with new writes (it stopped at the damage for good, applying nothing more on that store). A length far
     * too long is seen at once; one 4 bytes short fails its record's checksum and leaves the reader on that record's
     * last four bytes (zeros), where it found nothing and waited for good, as at the journal's end.
     */
    @ParameterizedTest
    @ValueSource(ints = {0x3FFF_0000, -4})
    void recordsADamagedLengthHidesShouldBeSkippedAndCountedAndTheRestApplied(final int delta) throws Exception
    {
        final String shot = shot();
        final BrokerContext context = context();
        writeTwoHundredThenChangeALength(context, shot, "entry005", (bytes, at) -> delta);
        restartUntilCountedThenWriteOneMore(context, shot, "records 5 to 127 counted", 123, broker -> { });
        final Path meta = Path.of(shot, ".meta");
        assertThat(meta.resolve("entry004.int")).exists();
        assertThat(meta.resolve("entry005.int")).doesNotExist();
        assertThat(meta.resolve("entry127.int")).doesNotExist();
        assertThat(Files.readString(meta.resolve("entry128.int"))).isEqualTo("128");
        assertThat(meta.resolve("entry199.int")).exists();
        assertThat(meta.resolve("after.int")).exists();
    }

    /**
     * A damaged length that ends exactly where a later record begins (here record 5's, grown over record 6) shifts
     * the index the reader gives every record after it; the reader goes back to Chronicle's index at the next indexed
     * record (128), so that the disk writer's checkpoint means the same record to a restarted writer, which goes by
     * the index. The writer counts record 5 (its checksum) and the one record between the two places, and applies
     * the rest, record 128 twice.
     */
    @Test
    void aLengthEndingAtTheNextRecordShouldCostOnlyThatRecord() throws Exception
    {
        final String shot = shot();
        final BrokerContext context = context();
        writeTwoHundredThenChangeALength(context, shot, "entry005",
            (bytes, at) -> new String(bytes, StandardCharsets.ISO_8859_1).indexOf("entry006") - at);
        restartUntilCountedThenWriteOneMore(context, shot, "record 5 and the one misplaced counted", 2,
            broker -> assertThat(broker.appliedIndices().values()).containsOnly(broker.journaledIndex()));
        final Path meta = Path.of(shot, ".meta");
        assertThat(meta.resolve("entry005.int")).doesNotExist();
        assertThat(meta.resolve("entry006.int")).doesNotExist();
        for (final int i : new int[] {4, 7, 127, 128, 129, 199})
        {
            assertThat(Files.readString(meta.resolve(String.format("entry%03d.int", i)))).isEqualTo(String.valueOf(i));
        }
        assertThat(meta.resolve("after.int")).exists();
    }

    /**
     * Chronicle's appender finds where to append after a restart through the length in front of the journal's newest
     * record: damaged (bit rot), it appended where readers going by lengths could not find the acknowledged writes
     * up to the next indexed record (a length far too long), or left that record unreadable (a little wrong). The
     * broker restores the length from the record's own bytes when it opens the journal, and nothing is lost.
     */
    @ParameterizedTest
    @ValueSource(ints = {0x3FFF_0000, -4, 12})
    void aDamagedLengthOnTheNewestRecordShouldBeRestoredAtARestart(final int delta) throws Exception
    {
        final String shot = shot();
        final BrokerContext context = context();
        writeTwoHundredThenChangeALength(context, shot, "entry199", (bytes, at) -> delta);
        try (Broker broker = Broker.launch(context);
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            for (int i = 0; i < 100; i++)
            {
                client.writeAcked(shot, String.format("after%03d", i), Value.of((long)i));
            }
            Await.applied(broker);
            assertThat(broker.counters().get(BrokerCounter.CORRUPT_RECORDS)).isZero();
        }
        final Path meta = Path.of(shot, ".meta");
        for (int i = 0; i < 200; i++)
        {
            assertThat(meta.resolve(String.format("entry%03d.int", i))).exists();
        }
        for (int i = 0; i < 100; i++)
        {
            assertThat(Files.readString(meta.resolve(String.format("after%03d.int", i)))).isEqualTo(String.valueOf(i));
        }
    }

    /**
     * Starts a broker on the damaged journal, waits until its writer counted {@code corrupt} records, writes one
     * more entry ("after") and waits until everything is applied; {@code whileRunning} then looks at the broker.
     */
    private static void restartUntilCountedThenWriteOneMore(
        final BrokerContext context,
        final String shot,
        final String counted,
        final long corrupt,
        final Consumer<Broker> whileRunning) throws Exception
    {
        try (Broker broker = Broker.launch(context);
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            Await.until(counted, 30_000, () -> broker.counters().get(BrokerCounter.CORRUPT_RECORDS) == corrupt);
            client.writeAcked(shot, "after", Value.of(1L));
            Await.applied(broker);
            whileRunning.accept(broker);
        }
    }

    private String shot()
    {
        return dir.resolve("data/shot").toString();
    }

    /**
     * A broker on the temporary folder whose data root is one store, "disk" (its checkpoint file is named after it).
     */
    private BrokerContext context()
    {
        return BrokerContext.embedded(dir).storeName(dir.resolve("data"), "disk");
    }

    /**
     * Has a broker journal and apply entry000 to entry199 in {@code shot}, forgets the tree and the checkpoints, and
     * adds to the length header of the record whose metapath is {@code metapath} what {@code delta} gives for the
     * cycle file's bytes and where that metapath is in them.
     */
    private void writeTwoHundredThenChangeALength(
        final BrokerContext context,
        final String shot,
        final String metapath,
        final ToIntBiFunction<byte[], Integer> delta) throws Exception
    {
        try (Broker broker = Broker.launch(context);
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            for (int i = 0; i < 200; i++)
            {
                client.writeAcked(shot, String.format("entry%03d", i), Value.of((long)i));
            }
            Await.applied(broker);
        }
        forgetTheTreeAndCheckpoints(shot);
        final int toHeader = JournalRecord.HEADER_LENGTH + Protocol.REQUEST_HEADER_LENGTH +
            shot.getBytes(StandardCharsets.UTF_8).length + Integer.BYTES;
        damage(dir.resolve("journal"), metapath, (bytes, at) ->
        {
            final ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(at - toHeader, header.getInt(at - toHeader) + delta.applyAsInt(bytes, at));
        });
    }

    /**
     * Deletes the tree's files and sets every writer's checkpoint to nothing applied, so that a restarted broker
     * applies the journal from its start.
     */
    private void forgetTheTreeAndCheckpoints(final String shot) throws Exception
    {
        try (Stream<Path> files = Files.list(Path.of(shot, ".meta")))
        {
            for (final Path file : files.toList())
            {
                Files.delete(file);
            }
        }
        try (Stream<Path> checkpoints = Files.list(dir.resolve("journal/checkpoints")))
        {
            for (final Path checkpoint : checkpoints.toList())
            {
                Files.write(checkpoint, new byte[] {-1, -1, -1, -1, -1, -1, -1, -1});
            }
        }
    }

    private static void corrupt(final Path journal, final String marker) throws Exception
    {
        damage(journal, marker, (bytes, at) -> bytes[at] = 'X');
    }

    /**
     * Finds {@code marker} in the journal's cycle files and lets {@code damage} change the bytes around it.
     */
    private static void damage(final Path journal, final String marker, final ObjIntConsumer<byte[]> damage)
        throws Exception
    {
        try (Stream<Path> files = Files.list(journal))
        {
            for (final Path cycle : files.filter(p -> p.toString().endsWith(".cq4")).toList())
            {
                final byte[] bytes = Files.readAllBytes(cycle);
                final int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(marker);
                if (at >= 0)
                {
                    damage.accept(bytes, at);
                    Files.write(cycle, bytes);
                    return;
                }
            }
        }
        throw new AssertionError("marker not found in the journal");
    }
}
