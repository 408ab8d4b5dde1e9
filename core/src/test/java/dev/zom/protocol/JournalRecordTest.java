package dev.zom.protocol;

import dev.zom.format.Value;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record's length as its own bytes give it, which the broker restores a damaged length header from: the length
 * only when the request's declared lengths and the checksum agree over it.
 */
class JournalRecordTest
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);

    @Test
    void aSoundRecordShouldGiveItsLengthWhateverFollowsIt()
    {
        final int length = record("trailing zeros \0\0\0");
        assertThat(JournalRecord.lengthOf(ByteBuffer.wrap(buffer.byteArray(), 0, length))).isEqualTo(length);
        buffer.putLong(length, 0x0102_0304_0506_0708L);
        assertThat(JournalRecord.lengthOf(ByteBuffer.wrap(buffer.byteArray(), 0, length + 100))).isEqualTo(length);
        assertThat(JournalRecord.lengthOf(ByteBuffer.wrap(buffer.byteArray(), 1, length)))
            .as("not a record's start").isEqualTo(-1);
    }

    @Test
    void aDamagedOrCutRecordShouldGiveNoLength()
    {
        final int length = record("value");
        assertThat(JournalRecord.lengthOf(ByteBuffer.wrap(buffer.byteArray(), 0, length - 1))).as("cut").isEqualTo(-1);
        buffer.putByte(length - 1, (byte)'X');
        assertThat(JournalRecord.lengthOf(ByteBuffer.wrap(buffer.byteArray(), 0, length))).as("checksum").isEqualTo(-1);
        record("value");
        buffer.putShort(JournalRecord.HEADER_LENGTH + 26, (short)3);
        assertThat(JournalRecord.lengthOf(ByteBuffer.wrap(buffer.byteArray(), 0, length + 200)))
            .as("a declared length changed").isEqualTo(-1);
        record("value");
        buffer.putInt(JournalRecord.HEADER_LENGTH + 28, -1);
        assertThat(JournalRecord.lengthOf(ByteBuffer.wrap(buffer.byteArray(), 0, length))).as("4 GiB value")
            .isEqualTo(-1);
    }

    private int record(final String value)
    {
        buffer.setMemory(0, buffer.capacity(), (byte)0);
        final int request = new RequestEncoder().encode(buffer, JournalRecord.HEADER_LENGTH, Protocol.OP_WRITE, 7L,
            1L, (byte)0, (short)0, "/show/shot", "meta/path", Value.of(value));
        JournalRecord.putHeader(buffer.byteArray(), buffer, request, JournalRecord.DECISION_APPLY, 1L, -1L, 0L,
            new CRC32C());
        return JournalRecord.HEADER_LENGTH + request;
    }
}
