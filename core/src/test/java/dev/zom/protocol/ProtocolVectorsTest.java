package dev.zom.protocol;

import dev.zom.ErrorCode;
import dev.zom.format.Value;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every test vector in docs/PROTOCOL.md is what the codec writes, and decodes back to its fields.
 */
class ProtocolVectorsTest
{
    private static final Pattern VECTOR = Pattern.compile("<!-- vector (\\S+) -->\\n```\\n(.*?)\\n```", Pattern.DOTALL);

    @Test
    void everyVectorInTheDocumentShouldMatchTheCodec() throws Exception
    {
        final Map<String, String> vectors = vectors();
        assertThat(vectors).hasSize(15);
        assertThat(vectors.get("write-int")).isEqualTo(request(Protocol.OP_WRITE, 1, 0, 0, "frames", Value.of(42L)));
        assertThat(vectors.get("write-float")).isEqualTo(request(Protocol.OP_WRITE, 2, 0, 5, "a/ratio", Value.of(1.5)));
        assertThat(vectors.get("write-string"))
            .isEqualTo(request(Protocol.OP_WRITE, 3, 0, 0, "artist", Value.of("caf\u00e9")));
        assertThat(vectors.get("write-tuple"))
            .isEqualTo(request(Protocol.OP_WRITE, 4, 0, 0, "range", new Value.TupleValue(List.of(1L, 2L))));
        assertThat(vectors.get("write-null")).isEqualTo(request(Protocol.OP_WRITE, 5, 0, 0, "nothing", Value.ofNull()));
        assertThat(vectors.get("write-keep-history")).isEqualTo(
            request(Protocol.OP_WRITE, 9, Protocol.REQUEST_FLAG_KEEP_HISTORY, 0, "artist", Value.of("alice")));
        assertThat(vectors.get("read")).isEqualTo(request(Protocol.OP_READ, 6, 0, 0, "frames", null));
        assertThat(vectors.get("ls")).isEqualTo(request(Protocol.OP_LS, 7, 0, 0, "", null));
        final ExpandableArrayBuffer stat = new ExpandableArrayBuffer();
        final int statLength = new RequestEncoder().encode(stat, 0, Protocol.OP_STAT, 7, 8, (byte)0, (short)0, "", "",
            null);
        assertThat(vectors.get("stat")).isEqualTo(hex(stat, statLength));
        final ExpandableArrayBuffer bye = new ExpandableArrayBuffer();
        final int byeLength = new RequestEncoder().encode(bye, 0, Protocol.OP_BYE, 7, 9, (byte)0, (short)0, "", "",
            null);
        assertThat(vectors.get("bye")).isEqualTo(hex(bye, byeLength));
        final ExpandableArrayBuffer byeReply = new ExpandableArrayBuffer();
        ReplyEncoder.encodeHeader(byeReply, 0, Protocol.STATUS_OK, Protocol.OP_BYE, (byte)0, 0, 9, 0, 0);
        assertThat(vectors.get("reply-bye")).isEqualTo(hex(byeReply, Protocol.REPLY_HEADER_LENGTH));
        assertThat(vectors.get("reply-ack"))
            .isEqualTo(reply(Protocol.STATUS_OK, 0, 1, 0x0004_e6a2_0000_0000L, ""));
        assertThat(vectors.get("reply-error"))
            .isEqualTo(reply(Protocol.STATUS_ERROR, 7, 3, 0, "location is outside the roots"));
        final BatchEncoder batch = new BatchEncoder();
        batch.add(7, 1, (byte)0, (short)0, "/data/shot", "frames", Value.of(42L));
        batch.add(7, 5, (byte)0, (short)0, "/data/shot", "nothing", Value.ofNull());
        assertThat(vectors.get("write-batch")).isEqualTo(hex(batch.buffer(), batch.finish()));
        final ExpandableArrayBuffer batchReply = new ExpandableArrayBuffer();
        ReplyEncoder.encodeHeader(batchReply, 32, Protocol.STATUS_OK, Protocol.OP_WRITE, (byte)0, 0, 1,
            0x0004_e6a2_0000_0000L, 0);
        ReplyEncoder.encodeHeader(batchReply, 64, Protocol.STATUS_OK, Protocol.OP_WRITE, (byte)0, 0, 5,
            0x0004_e6a2_0000_0001L, 0);
        ReplyEncoder.encodeHeader(batchReply, 0, Protocol.STATUS_OK, Protocol.OP_WRITE_BATCH, (byte)0, 0, 1, 0, 64);
        assertThat(vectors.get("reply-batch")).isEqualTo(hex(batchReply, 96));
    }

    @Test
    void theBatchVectorShouldWalkToItsTwoWrites() throws Exception
    {
        final byte[] bytes = bytes(vectors().get("write-batch"));
        final BatchDecoder batch = new BatchDecoder().wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        assertThat(BatchDecoder.isBatch(new UnsafeBuffer(bytes), 0, bytes.length)).isTrue();
        assertThat(batch.checkFraming(2)).isNull();
        assertThat(batch.checkFraming(1)).isEqualTo(ErrorCode.OVERSIZE);
        final RequestDecoder write = new RequestDecoder();
        assertThat(batch.next()).isTrue();
        assertThat(write.wrap(batch.buffer(), batch.writeOffset(), batch.writeLength()).metapath()).isEqualTo("frames");
        assertThat(batch.next()).isTrue();
        assertThat(write.wrap(batch.buffer(), batch.writeOffset(), batch.writeLength()).sequence()).isEqualTo(5);
        assertThat(batch.next()).isFalse();
    }

    @Test
    void theWriteVectorShouldDecodeToItsFields() throws Exception
    {
        final byte[] bytes = bytes(vectors().get("write-float"));
        final RequestDecoder decoder = new RequestDecoder().wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        assertThat(decoder.checkStructure()).isNull();
        assertThat(decoder.operation()).isEqualTo(Protocol.OP_WRITE);
        assertThat(decoder.priority()).isEqualTo((short)5);
        assertThat(decoder.clientId()).isEqualTo(7);
        assertThat(decoder.sequence()).isEqualTo(2);
        assertThat(decoder.location()).isEqualTo("/data/shot");
        assertThat(decoder.metapath()).isEqualTo("a/ratio");
        assertThat(WireValues.decode(Protocol.typeOf(decoder.typeCode()), decoder.buffer(), decoder.valueOffset(),
            decoder.valueLength())).isEqualTo(Value.of(1.5));
    }

    private static String request(
        final byte op, final long seq, final int flags, final int prio, final String mp, final Value value)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = new RequestEncoder().encode(buffer, 0, op, 7, seq, (byte)flags, (short)prio, "/data/shot",
            mp, value);
        return hex(buffer, length);
    }

    private static String reply(final byte status, final int code, final long seq, final long index, final String why)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int payload = buffer.putStringWithoutLengthAscii(Protocol.REPLY_HEADER_LENGTH, why);
        ReplyEncoder.encodeHeader(buffer, 0, status, Protocol.OP_WRITE, (byte)0, code, seq, index, payload);
        return hex(buffer, Protocol.REPLY_HEADER_LENGTH + payload);
    }

    private static String hex(final DirectBuffer buffer, final int length)
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            out.append(i == 0 ? "" : i % 16 == 0 ? "\n" : " ").append(String.format("%02x", buffer.getByte(i) & 0xFF));
        }
        return out.toString();
    }

    private static byte[] bytes(final String hex)
    {
        final String[] parts = hex.trim().split("\\s+");
        final byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++)
        {
            bytes[i] = (byte)Integer.parseInt(parts[i], 16);
        }
        return bytes;
    }

    private static Map<String, String> vectors() throws Exception
    {
        final String doc = Files.readString(Path.of("..", "docs", "PROTOCOL.md"));
        final Map<String, String> vectors = new HashMap<>();
        final Matcher m = VECTOR.matcher(doc);
        while (m.find())
        {
            vectors.put(m.group(1), m.group(2));
        }
        return vectors;
    }
}
