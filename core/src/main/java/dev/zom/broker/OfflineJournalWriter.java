package dev.zom.broker;

import dev.zom.format.Value;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalAppender;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestEncoder;
import org.agrona.ExpandableArrayBuffer;

import java.util.zip.CRC32C;

/**
 * Appends writes to a journal without a broker, in the broker's record format: for filling a journal with a
 * backlog in tests and benchmarks (recovery, replay). Not for use while a broker appends to the same journal.
 * Not thread-safe.
 */
public final class OfflineJournalWriter implements AutoCloseable
{
    private final JournalAppender appender;
    private final RequestEncoder encoder = new RequestEncoder();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private final CRC32C crc = new CRC32C();
    private final long clientId;
    private long sequence;

    /**
     * A writer appending to an open journal.
     *
     * @param journal  the journal.
     * @param clientId the client id the writes carry.
     */
    public OfflineJournalWriter(final Journal journal, final long clientId)
    {
        this.appender = journal.appender();
        this.clientId = clientId;
    }

    /**
     * Appends one write.
     *
     * @param location an absolute location.
     * @param metapath a metapath.
     * @param value    the value.
     * @return its journal index.
     */
    public long append(final String location, final String metapath, final Value value)
    {
        final int length = encoder.encode(buffer, JournalRecord.HEADER_LENGTH, Protocol.OP_WRITE, clientId,
            ++sequence, (byte)0, (short)0, location, metapath, value);
        JournalRecord.putHeader(buffer.byteArray(), buffer, length, JournalRecord.DECISION_APPLY,
            System.currentTimeMillis(), -1, 0, crc);
        return appender.append(buffer.byteArray(), 0, JournalRecord.HEADER_LENGTH + length);
    }

    @Override
    public void close()
    {
        appender.endOfBatch();
        appender.close();
    }
}
