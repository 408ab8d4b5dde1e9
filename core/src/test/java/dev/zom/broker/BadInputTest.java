package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.ReplyDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets an error reply with a reason on ROUTER and a counter on both sockets, never reaches the journal
 * or the disk, and the broker keeps running.
 */
@Timeout(60)
class BadInputTest
{
    @TempDir
    Path dir;

    private Broker broker;
    private RawPeer peer;
    private String shot;

    @BeforeEach
    void launch()
    {
        broker = Broker.launch(BrokerContext.embedded(dir).maxRequestLength(1024));
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
    void everyKindOfBadWriteShouldBeRefusedWithItsReasonAndCounted() throws Exception
    {
        refused(ErrorCode.MALFORMED, new byte[] {1, 1, 2});
        refused(ErrorCode.UNSUPPORTED_VERSION, with(good(), 0, (byte)9));
        refused(ErrorCode.UNKNOWN_OPERATION, with(good(), 1, (byte)77));
        refused(ErrorCode.MALFORMED, Arrays.copyOf(good(), good().length - 1));
        refused(ErrorCode.MALFORMED, good(), good());
        refused(ErrorCode.MALFORMED, with(good(), 3, (byte)2));
        refused(ErrorCode.OVERSIZE, RawPeer.write(1, shot, "big", Value.of("x".repeat(2000))));
        refused(ErrorCode.UNKNOWN_TYPE, with(good(), 2, (byte)42));
        refused(ErrorCode.BAD_NAME, RawPeer.write(1, shot, "a//b", Value.of(1L)));
        refused(ErrorCode.BAD_NAME, RawPeer.write(1, shot, ".hidden", Value.of(1L)));
        refused(ErrorCode.UNKNOWN_TYPE, RawPeer.write(1, shot, "v1.2", Value.of(1L)));
        refused(ErrorCode.BAD_CHARACTER, RawPeer.write(1, shot, "a*b", Value.of(1L)));
        refused(ErrorCode.TYPE_MISMATCH, RawPeer.write(1, shot, "x.string", Value.of(1L)));
        refused(ErrorCode.TYPE_MISMATCH, withValue(RawPeer.write(1, shot, "x", Value.of(1L)), new byte[3]));
        refused(ErrorCode.BAD_LOCATION, RawPeer.write(1, "relative/shot", "x", Value.of(1L)));
        refused(ErrorCode.BAD_LOCATION, RawPeer.write(1, shot + "/../../../etc", "x", Value.of(1L)));
        refused(ErrorCode.BAD_LOCATION, RawPeer.write(1, shot + "/.meta", "x", Value.of(1L)));
        refused(ErrorCode.OUTSIDE_ROOTS, RawPeer.write(1, "/etc", "x", Value.of(1L)));
        refused(ErrorCode.OUTSIDE_ROOTS, RawPeer.write(1, dir + "/database", "x", Value.of(1L)));
        refused(ErrorCode.BAD_CHARACTER, RawPeer.write(1, shot + "\u00e9", "x", Value.of(1L)));
        final byte[] badUtf8 = withValue(RawPeer.write(1, shot, "s", Value.of("ab")), new byte[] {(byte)0xC3, 0x28});
        refused(ErrorCode.TYPE_MISMATCH, badUtf8);

        assertThat(broker.counters().get(BrokerCounter.REJECTED)).isEqualTo(21);
        assertThat(broker.counters().rejectedFor(ErrorCode.OUTSIDE_ROOTS)).isEqualTo(2);
        assertThat(broker.counters().get(BrokerCounter.JOURNALED)).isZero();
        assertThat(broker.journaledIndex()).isEqualTo(-1);
        assertThat(treeFiles()).isEmpty();
        stillWorks();
    }

    @Test
    void badWritesOnThePullSocketShouldBeCountedAndDropped() throws Exception
    {
        peer.push(new byte[] {1, 2, 3});
        peer.push(good(), good());
        peer.push(RawPeer.write(1, "/etc", "passwd", Value.of("x")));
        final byte[] read = with(good(), 1, Protocol.OP_READ);
        peer.push(read);
        Await.until("4 rejections", 10_000, () -> broker.counters().get(BrokerCounter.REJECTED) == 4);
        assertThat(broker.counters().rejectedFor(ErrorCode.UNKNOWN_OPERATION)).isEqualTo(1);
        assertThat(broker.journaledIndex()).isEqualTo(-1);
        stillWorks();
    }

    @Test
    void aFrameLongerThanAnyRequestShouldCloseItsConnectionBeforeTheBrokerHoldsIt() throws Exception
    {
        final long gigabyte = 1L << 30;
        try (ZmtpPeer pusher = new ZmtpPeer(broker.pullEndpoint(), "PUSH");
            ZmtpPeer dealer = new ZmtpPeer(broker.routerEndpoint(), "DEALER"))
        {
            pusher.startFrame(gigabyte);
            dealer.startFrame(gigabyte);
            assertThat(pusher.closedWithin(10_000)).as("PULL connection closed").isTrue();
            assertThat(dealer.closedWithin(10_000)).as("ROUTER connection closed").isTrue();
        }
        assertThat(broker.counters().get(BrokerCounter.CONNECTIONS_CUT)).as("counted as closed by the broker")
            .isEqualTo(2);
        refused(ErrorCode.OVERSIZE, new byte[broker.context().maxBatchLength() + 1]);
        stillWorks();
    }

    private void stillWorks() throws Exception
    {
        try (ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            client.writeAcked(shot, "ok", Value.of(1L));
        }
        Await.applied(broker);
        assertThat(Files.readString(Path.of(shot, ".meta/ok.int"))).isEqualTo("1");
        assertThat(treeFiles()).hasSize(1);
    }

    private void refused(final ErrorCode code, final byte[]... frames)
    {
        final ReplyDecoder reply = peer.request(frames);
        assertThat(reply.isWellFormed()).isTrue();
        assertThat(reply.status()).isEqualTo(Protocol.STATUS_ERROR);
        assertThat(ErrorCode.of(reply.errorCode())).as(reply.payloadText()).isEqualTo(code);
        assertThat(reply.payloadText()).isNotBlank();
    }

    private byte[] good()
    {
        return RawPeer.write(1, shot, "x", Value.of(1L));
    }

    private static byte[] with(final byte[] request, final int index, final byte value)
    {
        final byte[] copy = request.clone();
        copy[index] = value;
        return copy;
    }

    private static byte[] withValue(final byte[] request, final byte[] value)
    {
        final ByteBuffer header = ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN);
        final int valueLength = header.getInt(28);
        final byte[] copy = Arrays.copyOf(request, request.length - valueLength + value.length);
        System.arraycopy(value, 0, copy, request.length - valueLength, value.length);
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(28, value.length);
        return copy;
    }

    private Stream<Path> treeFiles() throws Exception
    {
        try (Stream<Path> files = Files.walk(dir.resolve("data")))
        {
            return files.filter(file -> Files.isRegularFile(file) && !file.endsWith(RootClaims.FILE)).toList().stream();
        }
    }
}
