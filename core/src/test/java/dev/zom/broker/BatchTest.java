package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.JournalContents;
import dev.zom.client.Ack;
import dev.zom.client.AckedPipeline;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.ReplyDecoder;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Write batches: many writes in one frame, each decided, journaled and answered on its own, in one batch reply in
 * the order of the batch; a batch whose framing is wrong is refused whole and nothing of it is journaled.
 */
@Timeout(60)
class BatchTest
{
    @TempDir
    Path dir;

    private Broker broker;
    private RawPeer peer;
    private String shot;

    @BeforeEach
    void launch()
    {
        broker = Broker.launch(BrokerContext.embedded(dir).maxRequestLength(1024).maxBatch(16));
        peer = new RawPeer(broker);
        shot = dir.resolve("data/shot").toString();
    }

    @AfterEach
    void close()
    {
        peer.close();
        broker.close();
    }

    @Test
    void anAckedBatchShouldBeAnsweredOnceWithEveryWritesReplyInOrder()
    {
        final byte[] batch = RawPeer.batch(
            RawPeer.write(1, shot, "frames", Value.of(24L)),
            RawPeer.write(2, "/etc", "passwd", Value.of("x")),
            RawPeer.write(3, shot, "big", Value.of("x".repeat(2000))),
            RawPeer.write(4, shot, "artist", Value.of("ana")));

        final ReplyDecoder reply = peer.request(batch);

        assertThat(reply.isWellFormed()).isTrue();
        assertThat(reply.operation()).isEqualTo(Protocol.OP_WRITE_BATCH);
        assertThat(reply.status()).isEqualTo(Protocol.STATUS_OK);
        assertThat(reply.sequence()).isEqualTo(1);
        final List<ReplyDecoder> entries = entries(reply);
        assertThat(entries).extracting(ReplyDecoder::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(entries).extracting(ReplyDecoder::status).containsExactly(Protocol.STATUS_OK,
            Protocol.STATUS_ERROR, Protocol.STATUS_ERROR, Protocol.STATUS_OK);
        assertThat(entries.get(1).errorCode()).isEqualTo(ErrorCode.OUTSIDE_ROOTS.code());
        assertThat(entries.get(1).payloadText()).isNotBlank();
        assertThat(entries.get(2).errorCode()).isEqualTo(ErrorCode.OVERSIZE.code());
        final Map<Long, String> journal = JournalContents.records(dir.resolve("journal"));
        assertThat(journal.keySet()).containsExactly(entries.get(0).journalIndex(), entries.get(3).journalIndex());
        assertThat(journal.get(entries.get(3).journalIndex())).isEqualTo(shot + " artist ana");
        assertThat(broker.counters().get(BrokerCounter.RECEIVED)).isEqualTo(4);
        assertThat(broker.counters().get(BrokerCounter.ACKED)).isEqualTo(2);
        assertThat(broker.counters().rejectedFor(ErrorCode.OUTSIDE_ROOTS)).isEqualTo(1);
        assertThat(broker.counters().rejectedFor(ErrorCode.OVERSIZE)).isEqualTo(1);
    }

    @Test
    void aBatchSentAgainShouldBeAcknowledgedAsDuplicatesWithTheOriginalIndices()
    {
        final byte[] batch = RawPeer.batch(RawPeer.write(1, shot, "a", Value.of(1L)),
            RawPeer.write(2, shot, "b", Value.of(2L)));
        final List<ReplyDecoder> first = entries(peer.request(batch));
        final List<ReplyDecoder> again = entries(peer.request(batch));

        assertThat(again).extracting(ReplyDecoder::journalIndex)
            .containsExactlyElementsOf(first.stream().map(ReplyDecoder::journalIndex).toList());
        assertThat(first).allMatch(entry -> (entry.flags() & Protocol.FLAG_DUPLICATE) == 0);
        assertThat(again).allMatch(entry -> (entry.flags() & Protocol.FLAG_DUPLICATE) != 0);
        assertThat(JournalContents.records(dir.resolve("journal"))).hasSize(2);
    }

    @Test
    void aBatchOnThePullSocketShouldJournalItsGoodWritesAndCountItsBadOnes() throws Exception
    {
        peer.push(RawPeer.batch(RawPeer.write(1, shot, "a", Value.of(1L)),
            RawPeer.write(2, shot, "a*b", Value.of(2L)), RawPeer.write(3, shot, "c", Value.of(3L))));

        Await.until("two journaled", 10_000, () -> broker.counters().get(BrokerCounter.JOURNALED) == 2);
        Await.applied(broker);
        assertThat(broker.counters().rejectedFor(ErrorCode.BAD_CHARACTER)).isEqualTo(1);
        assertThat(broker.counters().get(BrokerCounter.RECEIVED)).isEqualTo(3);
        assertThat(Files.readString(Path.of(shot, ".meta/a.int"))).isEqualTo("1");
        assertThat(Files.readString(Path.of(shot, ".meta/c.int"))).isEqualTo("3");
    }

    @Test
    void aBatchWhoseFramingIsWrongShouldBeRefusedWholeAndNothingOfItJournaled()
    {
        final byte[] good = RawPeer.batch(RawPeer.write(1, shot, "a", Value.of(1L)),
            RawPeer.write(2, shot, "b", Value.of(2L)));
        refusedWhole(ErrorCode.MALFORMED, withCount(good, 3));
        refusedWhole(ErrorCode.MALFORMED, withCount(good, 1));
        refusedWhole(ErrorCode.MALFORMED, withCount(good, 0));
        refusedWhole(ErrorCode.MALFORMED, Arrays.copyOf(good, good.length - 1));
        refusedWhole(ErrorCode.MALFORMED, Arrays.copyOf(good, good.length + 1));
        refusedWhole(ErrorCode.MALFORMED, Arrays.copyOf(good, 5));
        final byte[] version = good.clone();
        version[0] = 9;
        refusedWhole(ErrorCode.UNSUPPORTED_VERSION, version);
        final byte[][] seventeen = new byte[17][];
        for (int i = 0; i < seventeen.length; i++)
        {
            seventeen[i] = RawPeer.write(i + 1, shot, "e" + i, Value.of((long)i));
        }
        refusedWhole(ErrorCode.OVERSIZE, RawPeer.batch(seventeen));
        peer.push(withCount(good, 3));
        Await.until("the pushed batch refused", 10_000, () ->
            broker.counters().rejectedFor(ErrorCode.MALFORMED) == 7);

        assertThat(broker.counters().get(BrokerCounter.REJECTED)).isEqualTo(9);
        assertThat(broker.journaledIndex()).isEqualTo(-1);
        final ReplyDecoder fine = peer.request(good);
        assertThat(entries(fine)).extracting(ReplyDecoder::status).containsOnly(Protocol.STATUS_OK);
    }

    @Test
    void aBatchingClientShouldHaveEveryWriteAcknowledgedAndReadItsOwnWrites() throws Exception
    {
        final Set<Long> indices = new HashSet<>();
        try (ZomClient client = ZomClient.connect(broker.routerEndpoint(), broker.pullEndpoint()).batch(7))
        {
            final AckedPipeline pipeline = new AckedPipeline(client, 40, (ack, sentAt) ->
                indices.add(ack.journalIndex()));
            for (int i = 0; i < 1000; i++)
            {
                pipeline.submit(shot, "acked" + i % 100, Value.of((long)i));
            }
            pipeline.flush();
            final Ack single = client.writeAcked(shot, "single", Value.of(-1L));
            indices.add(single.journalIndex());
            assertThat(client.read(shot, "acked99")).isEqualTo(Value.of(999L));
            for (int i = 0; i < 20; i++)
            {
                client.write(shot, "pushed" + i, Value.of((long)i));
            }
            Await.until("two full batches journaled", 10_000, () ->
                broker.counters().get(BrokerCounter.JOURNALED) == 1015);
            client.flush();
            Await.until("the flushed batch journaled", 10_000, () ->
                broker.counters().get(BrokerCounter.JOURNALED) == 1021);
            assertThat(client.read(shot, "pushed19")).isEqualTo(Value.of(19L));
            client.write(shot, "last", Value.of(1L));
        }
        Await.until("the last write, sent at close, journaled", 10_000, () ->
            broker.counters().get(BrokerCounter.JOURNALED) == 1022);
        assertThat(indices).hasSize(1001);
        assertThat(broker.counters().get(BrokerCounter.ACKED)).isEqualTo(1001);
        assertThat(new HashSet<>(JournalContents.writers(dir.resolve("journal")).values())).hasSize(1022);
    }

    private void refusedWhole(final ErrorCode code, final byte[] frame)
    {
        final ReplyDecoder reply = peer.request(frame);
        assertThat(reply.isWellFormed()).isTrue();
        assertThat(reply.status()).isEqualTo(Protocol.STATUS_ERROR);
        assertThat(reply.operation()).isEqualTo(Protocol.OP_WRITE_BATCH);
        assertThat(ErrorCode.of(reply.errorCode())).as(reply.payloadText()).isEqualTo(code);
        assertThat(reply.payloadText()).isNotBlank();
    }

    private static byte[] withCount(final byte[] batch, final int count)
    {
        final byte[] copy = batch.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putShort(2, (short)count);
        return copy;
    }

    /**
     * The write replies inside a batch reply, each a complete reply of its own.
     */
    static List<ReplyDecoder> entries(final ReplyDecoder reply)
    {
        final DirectBuffer buffer = reply.buffer();
        final List<ReplyDecoder> entries = new ArrayList<>();
        int offset = reply.payloadOffset();
        final int end = offset + reply.payloadLength();
        while (offset < end)
        {
            final int length = Protocol.REPLY_HEADER_LENGTH + buffer.getInt(offset + 24, ByteOrder.LITTLE_ENDIAN);
            final ReplyDecoder entry = new ReplyDecoder().wrap(buffer, offset, length);
            assertThat(entry.isWellFormed()).isTrue();
            entries.add(entry);
            offset += length;
        }
        assertThat(offset).isEqualTo(end);
        return entries;
    }
}
