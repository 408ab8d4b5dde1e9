package dev.zom.broker;

import dev.zom.journal.Journal;
import dev.zom.journal.JournalReader;
import dev.zom.protocol.JournalRecord;

import java.util.Arrays;

/**
 * Tells a retry from a different write that reuses its client id and sequence (a client restarted with a fixed id
 * that counts from 1 again): the write the broker journaled under them is read back from the journal and compared
 * with the new one by type, location, metapath and value (not priority). Acknowledging a different write as a
 * retry would acknowledge a value that was never journaled. Runs only when a write's sequence is found in its
 * client's retry window, so the write path pays nothing for it. Not thread-safe: owned by the journal handler.
 */
final class RetryCheck implements AutoCloseable
{
    /** Where a request's lengths begin; the fields before them (but the type) may differ between retries. */
    private static final int COMPARED_FROM = JournalRecord.HEADER_LENGTH + 24;
    private static final int TYPE = JournalRecord.HEADER_LENGTH + 2;

    private final JournalReader reader;
    private final byte[] original;

    /**
     * @param journal         the journal the originals are in.
     * @param maxRecordLength the longest record it holds.
     */
    RetryCheck(final Journal journal, final int maxRecordLength)
    {
        this.reader = journal.reader();
        this.original = new byte[maxRecordLength];
    }

    /**
     * Whether a write is the one journaled at {@code index} sent again.
     *
     * @param index  the journal index of the write journaled under the same client id and sequence.
     * @param record the new write, laid out as a journal record (its request after the header).
     * @param length the new write's record length.
     * @return false when the journaled write differs; true when it is the same, or when the journal no longer holds
     *         it (retention deleted its cycle), as it was taken for a retry before this check existed.
     */
    boolean isRetryOf(final long index, final byte[] record, final int length)
    {
        if (!reader.moveTo(index))
        {
            return true;
        }
        final int originalLength = reader.next(original);
        if (originalLength < 0 || reader.lastIndex() != index)
        {
            return true;
        }
        return originalLength == length && original[TYPE] == record[TYPE] &&
            Arrays.equals(original, COMPARED_FROM, length, record, COMPARED_FROM, length);
    }

    @Override
    public void close()
    {
        reader.close();
    }
}
