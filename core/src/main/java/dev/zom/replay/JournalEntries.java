package dev.zom.replay;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.format.OmType;
import dev.zom.format.Value;
import dev.zom.journal.Checkpoint;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalReader;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestDecoder;
import dev.zom.protocol.WireValues;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Reads a journal's records in order, each decoded into a {@link JournalEntry} (allocates: for tools, not the hot
 * path), reporting torn, corrupt or undecodable records instead of stopping at them, and as one damaged entry each
 * run of records a damaged length hides ({@link JournalReader}). Not thread-safe.
 */
public final class JournalEntries implements AutoCloseable
{
    /** The largest record the reader accepts. */
    public static final int MAX_RECORD = JournalRecord.MAX_LENGTH;

    private static final String DAMAGED_LENGTH = "damaged length (this record's or the one before) hides where " +
        "records begin: ";

    private final Journal journal;
    private final JournalReader reader;
    private final byte[] record = new byte[MAX_RECORD];
    private final UnsafeBuffer view = new UnsafeBuffer(record);
    private final RequestDecoder request = new RequestDecoder();
    private final CRC32C crc = new CRC32C();
    private int length;
    private boolean held;
    private long unreadableReported = Checkpoint.NONE;
    private long blockedReported = Checkpoint.NONE;
    private long misplacedReported = Checkpoint.NONE;

    /**
     * A reader over a journal, from its first record.
     *
     * @param journal the journal.
     */
    public JournalEntries(final Journal journal)
    {
        this.journal = journal;
        reader = journal.reader().startAfter(Checkpoint.NONE);
    }

    /**
     * Opens the journal in a folder for the tools, which never create one: a folder without a journal (a mistyped
     * path, the data root) is refused instead of getting an empty journal read as a whole one.
     *
     * @param directory the journal folder.
     * @return the open journal.
     * @throws ZomException {@link ErrorCode#NOT_FOUND} when the folder holds no journal.
     */
    public static Journal openExisting(final Path directory)
    {
        if (!Journal.existsIn(directory))
        {
            throw new ZomException(ErrorCode.NOT_FOUND, "no journal at " + directory +
                " (--journal names the folder the broker journals to)");
        }
        return Journal.open(new Journal.Context().directory(directory));
    }

    /**
     * Positions the reader at an index (the next entry read is the first at or after it).
     *
     * @param index a journal index.
     * @return this reader.
     */
    public JournalEntries from(final long index)
    {
        if (!reader.moveTo(index))
        {
            reader.startAfter(index - 1);
        }
        return this;
    }

    /**
     * The next entry.
     *
     * @return the entry, or null at the end of the journal.
     */
    public JournalEntry next()
    {
        if (!held)
        {
            length = reader.nextUntilEnd(record);
        }
        held = false;
        if (reader.unreadableThrough() > unreadableReported)
        {
            unreadableReported = reader.unreadableThrough();
            held = length >= 0;
            final long records = reader.unreadableThrough() - reader.unreadableFrom() + 1;
            return damaged(reader.unreadableFrom(), DAMAGED_LENGTH + "the " + records(records) +
                " from here through index " + reader.unreadableThrough() + " cannot be read", records, records);
        }
        if (reader.misplacedAt() > misplacedReported)
        {
            misplacedReported = reader.misplacedAt();
            held = length >= 0;
            return damaged(reader.misplacedAt(), "a damaged length before this record led " +
                records(reader.misplacedRecords()) + " away from where the journal's index puts it; the records " +
                "between were read twice or not at all", 0, reader.misplacedRecords());
        }
        if (length < 0)
        {
            if (reader.blockedAt() != Checkpoint.NONE && reader.blockedAt() != blockedReported)
            {
                blockedReported = reader.blockedAt();
                final long records = Math.max(1, journal.lastIndex() - reader.blockedAt() + 1);
                return damaged(reader.blockedAt(), DAMAGED_LENGTH + "the " + records(records) +
                    " from here through the journal's last index cannot be read", records, records);
            }
            return null;
        }
        final long index = reader.lastIndex();
        final String damage = JournalRecord.check(record, view, length, crc);
        if (damage != null)
        {
            return damaged(index, damage);
        }
        request.wrap(view, JournalRecord.HEADER_LENGTH, length - JournalRecord.HEADER_LENGTH);
        final String structure = request.checkStructure() == null ? null : "malformed request";
        final OmType type = Protocol.typeOf(request.typeCode());
        if (structure != null || type == null)
        {
            return damaged(index, structure != null ? structure : "unknown value type");
        }
        try
        {
            final Value value = WireValues.decode(type, view, request.valueOffset(), request.valueLength());
            return new JournalEntry(index, JournalRecord.timeMillis(view, 0), request.clientId(), request.sequence(),
                request.priority(), request.location(), request.metapath(), type, value,
                JournalRecord.decision(view, 0), null, 1, 0);
        }
        catch (final ZomException | IllegalArgumentException ex)
        {
            return damaged(index, "undecodable value: " + ex.getMessage());
        }
    }

    /**
     * The raw bytes of the record last returned by {@link #next()} (valid until the next call).
     *
     * @return the buffer; {@link #recordLength()} bytes are the record.
     */
    public byte[] record()
    {
        return record;
    }

    /**
     * The length of the record last returned.
     *
     * @return the length.
     */
    public int recordLength()
    {
        return length;
    }

    private static String records(final long records)
    {
        return records == 1 ? "1 record" : records + " records";
    }

    private JournalEntry damaged(final long index, final String damage)
    {
        return damaged(index, damage, 1, 1);
    }

    private JournalEntry damaged(final long index, final String damage, final long records, final long damaged)
    {
        return new JournalEntry(index, 0, 0, 0, (short)0, null, null, null, null, (byte)0, damage, records, damaged);
    }

    @Override
    public void close()
    {
        reader.close();
    }
}
