package dev.zom.broker;

import dev.zom.format.Value;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestEncoder;
import org.agrona.ExpandableArrayBuffer;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Journal records of string writes, built as the broker's journal handler would, for tests of what reads them.
 */
final class TestRecords
{
    private TestRecords()
    {
    }

    /**
     * @param location   the write's location.
     * @param client     its client id (the other client of a conflict is {@code 3 - client}).
     * @param metapath   its metapath.
     * @param value      its string value.
     * @param decision   the broker's decision ({@code JournalRecord.DECISION_*}).
     * @param otherIndex the index of the write it overwrote or that superseded it, or -1.
     * @return the record's bytes.
     */
    static byte[] record(
        final String location,
        final long client,
        final String metapath,
        final String value,
        final byte decision,
        final long otherIndex)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final int length = new RequestEncoder().encode(buffer, JournalRecord.HEADER_LENGTH, Protocol.OP_WRITE, client,
            1, (byte)0, (short)0, location, metapath, Value.of(value));
        JournalRecord.putHeader(buffer.byteArray(), buffer, length, decision, 1_000, otherIndex,
            otherIndex < 0 ? 0 : 3 - client, new CRC32C());
        return Arrays.copyOf(buffer.byteArray(), JournalRecord.HEADER_LENGTH + length);
    }
}
