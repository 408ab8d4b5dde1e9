package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.protocol.JournalRecord;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A ring slot: one write as received (with room in front for the journal record header), where it came from and
 * what became of it. Pre-allocated and reused; owned by whichever ring stage holds its sequence.
 */
final class WriteEvent
{
    static final int MAX_IDENTITY = 256;

    final byte[] record;
    final UnsafeBuffer buffer;
    final byte[] identity = new byte[MAX_IDENTITY];
    int identityLength;
    boolean delimiter;
    boolean acked;
    /** For an acked write of a batch, how many of the batch's writes follow it; -1 for a write on its own. */
    int batchRemaining = -1;
    int requestLength;
    long clientId;
    long sequence;
    ErrorCode error;
    String reason;
    long journalIndex;
    boolean duplicate;
    byte decision;
    long otherIndex;
    long otherClient;
    long timeMillis;

    WriteEvent(final int maxRequestLength)
    {
        record = new byte[JournalRecord.HEADER_LENGTH + maxRequestLength];
        buffer = new UnsafeBuffer(record);
    }

    void reject(final ErrorCode error, final String reason)
    {
        this.error = error;
        this.reason = reason;
    }

    int recordLength()
    {
        return JournalRecord.HEADER_LENGTH + requestLength;
    }

    void reset()
    {
        identityLength = 0;
        delimiter = false;
        acked = false;
        batchRemaining = -1;
        requestLength = 0;
        clientId = 0;
        sequence = 0;
        error = null;
        reason = null;
        journalIndex = 0;
        duplicate = false;
        decision = JournalRecord.DECISION_APPLY;
        otherIndex = -1;
        otherClient = 0;
        timeMillis = 0;
    }
}
