package dev.zom.broker;

import dev.zom.journal.Journal;
import dev.zom.journal.JournalReader;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.RequestDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Finds, in the journal, the write that a conflict overwrote, by the index the broker wrote into the overwriting
 * record. The value a conflict replaced is that write's value, whatever the entry holds on disk when the record is
 * applied: a disk writer that re-reads from its checkpoint after a crash may find the entry already holding a later
 * value, and would otherwise keep that one in history. Not thread-safe: owned by one applier.
 */
public final class OverwrittenWrites implements AutoCloseable
{
    private final JournalReader reader;
    private final int maxRecordLength;
    private final RequestDecoder request = new RequestDecoder();
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private final CRC32C crc = new CRC32C();
    private byte[] record;

    /**
     * A finder over a journal.
     *
     * @param journal         the journal the applied records come from.
     * @param maxRecordLength the largest record it holds.
     */
    public OverwrittenWrites(final Journal journal, final int maxRecordLength)
    {
        this.reader = journal.reader();
        this.maxRecordLength = maxRecordLength;
    }

    /**
     * The record at an index, when it is a sound write to the same entry.
     *
     * @param index    the overwritten write's journal index.
     * @param location the overwriting write's location.
     * @param metapath the overwriting write's metapath.
     * @return a copy of the record, or null when the journal holds no such write there (e.g. its cycle is deleted).
     */
    byte[] find(final long index, final String location, final String metapath)
    {
        if (index < 0 || !reader.moveTo(index))
        {
            return null;
        }
        if (record == null)
        {
            record = new byte[maxRecordLength];
        }
        final int length = reader.next(record);
        if (length < 0 || reader.lastIndex() != index)
        {
            return null;
        }
        view.wrap(record, 0, length);
        if (JournalRecord.check(record, view, length, crc) != null)
        {
            return null;
        }
        request.wrap(view, JournalRecord.HEADER_LENGTH, length - JournalRecord.HEADER_LENGTH);
        return EntryKey.of(request.location(), request.metapath()).equals(EntryKey.of(location, metapath)) ?
            Arrays.copyOf(record, length) : null;
    }

    @Override
    public void close()
    {
        reader.close();
    }
}
