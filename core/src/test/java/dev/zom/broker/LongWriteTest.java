package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.client.Ack;
import dev.zom.client.AckedPipeline;
import dev.zom.client.NoReplyException;
import dev.zom.client.WriteRefusedException;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.ReplyDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A write longer than the broker takes is refused on its own and by name, however it is sent, and the writes sent
 * around it are taken: a pipeline that could not match the refusal to its write waited for a reply and sent the
 * write again for ever (`zom write` of a 20 KB value never returned), and a batch holding it was refused whole. One
 * too long for the broker to read at all is named when no reply comes.
 */
@Timeout(60)
class LongWriteTest
{
    private static final String LONG = "x".repeat(12_000);

    @TempDir
    Path dir;

    private Broker broker;
    private String shot;

    @BeforeEach
    void launch()
    {
        broker = Broker.launch(BrokerContext.embedded(dir).maxRequestLength(1024));
        shot = dir.resolve("data/shot").toString();
    }

    @AfterEach
    void close()
    {
        broker.close();
    }

    @Test
    void anOversizeWriteShouldBeAnsweredUnderItsOwnSequence()
    {
        try (RawPeer peer = new RawPeer(broker))
        {
            final ReplyDecoder reply = peer.request(RawPeer.write(77, shot, "big", Value.of("x".repeat(2000))));
            assertThat(ErrorCode.of(reply.errorCode())).isEqualTo(ErrorCode.OVERSIZE);
            assertThat(reply.operation()).isEqualTo(Protocol.OP_WRITE);
            assertThat(reply.sequence()).isEqualTo(77);
        }
    }

    @Test
    void aPipelineShouldHaveItsOversizeWriteRefusedAndTheOthersAcknowledged() throws Exception
    {
        assertRefusedAloneAmongOthers(1, "x".repeat(2000));
    }

    @Test
    void aLongWriteShouldNotTakeTheBatchGatheredBeforeItDownWithIt() throws Exception
    {
        assertRefusedAloneAmongOthers(64, LONG);
    }

    @Test
    void aLongFireAndForgetWriteShouldNotTakeTheBatchGatheredBeforeItDownWithIt() throws Exception
    {
        try (ZomClient client = ZomClient.connect(broker.routerEndpoint(), broker.pullEndpoint()).batch(64))
        {
            writeAround(client::write);
            client.flush();
        }
        Await.until("5 journaled and 1 refused", 10_000, () ->
            broker.counters().get(BrokerCounter.JOURNALED) == 5 && broker.counters().get(BrokerCounter.REJECTED) == 1);
        assertThat(broker.counters().rejectedFor(ErrorCode.OVERSIZE)).isEqualTo(1);
        assertTheOthersApplied();
    }

    @Test
    void aWriteTooLongForTheBrokerToReadShouldBeNamedWhenNoReplyComes()
    {
        try (ZomClient client = ZomClient.connect(broker.routerEndpoint(), null, 5, 500))
        {
            assertThatThrownBy(() -> client.writeAcked(shot, "huge", Value.of("x".repeat(40_000))))
                .isInstanceOf(NoReplyException.class)
                .hasMessageContaining("a request of 400").hasMessageContaining("without a reply");
        }
    }

    private void assertRefusedAloneAmongOthers(final int batch, final String tooLong) throws Exception
    {
        final List<Long> acked = new ArrayList<>();
        final List<WriteRefusedException> refused = new ArrayList<>();
        try (ZomClient client = ZomClient.connect(broker.routerEndpoint(), null).batch(batch))
        {
            final AckedPipeline pipeline = new AckedPipeline(client, 16, new AckedPipeline.AckListener()
            {
                @Override
                public void onAck(final Ack ack, final long sentAtNanos)
                {
                    acked.add(ack.sequence());
                }

                @Override
                public void onRefused(final WriteRefusedException refusal)
                {
                    refused.add(refusal);
                }
            });
            writeAround((location, metapath, value) -> pipeline.submit(location, metapath,
                "big".equals(metapath) ? Value.of(tooLong) : value));
            pipeline.flush();
        }
        assertThat(acked).containsExactly(1L, 2L, 3L, 5L, 6L);
        assertThat(refused).singleElement().satisfies(r ->
        {
            assertThat(r.code()).isEqualTo(ErrorCode.OVERSIZE);
            assertThat(r.sequence()).isEqualTo(4);
        });
        assertTheOthersApplied();
    }

    /** Three short writes, the long one (metapath {@code big}), two short ones. */
    private void writeAround(final Writer writer)
    {
        for (int i = 0; i < 6; i++)
        {
            writer.write(shot, i == 3 ? "big" : "v" + i, i == 3 ? Value.of(LONG) : Value.of((long)i));
        }
    }

    private void assertTheOthersApplied() throws Exception
    {
        Await.applied(broker);
        for (final int i : new int[] {0, 1, 2, 4, 5})
        {
            assertThat(Files.readString(Path.of(shot, ".meta/v" + i + ".int"))).isEqualTo(String.valueOf(i));
        }
        assertThat(Path.of(shot, ".meta/big.string")).doesNotExist();
    }

    /** One way of sending a write. */
    @FunctionalInterface
    private interface Writer
    {
        void write(String location, String metapath, Value value);
    }
}
