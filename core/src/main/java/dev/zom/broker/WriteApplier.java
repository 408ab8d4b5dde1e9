package dev.zom.broker;

import dev.zom.format.Locations;
import dev.zom.format.MetaWriter;
import dev.zom.format.Metapath;
import dev.zom.format.Roots;
import dev.zom.format.Value;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestDecoder;
import dev.zom.protocol.WireValues;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Applies one journal record to its tree with the Open Metadata library, as the broker decided it: a write, a write
 * that keeps the value it replaced in history first, or a superseded write kept in history only. The one apply
 * path: the disk writers use it for normal operation and recovery, and replay uses it too. The value a conflict
 * replaced is the overwritten write's own, from memory when it was read in the same batch, else from the journal
 * ({@link OverwrittenWrites}); only without a journal, or when the broker named no overwritten write, is it read from
 * the entry on disk. Applying a record again (a disk writer re-reading from its checkpoint after a crash, when the
 * entry may hold a later value already) therefore keeps the same loser, and keeps it once. Not thread-safe.
 */
public final class WriteApplier implements AutoCloseable
{
    private final MetaWriter writer;
    private final OverwrittenWrites overwritten;
    private final FirstWrites firstWrites;
    private final RequestDecoder request = new RequestDecoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);

    /**
     * An applier confined to the given roots that reads the values conflicts replaced from the entries on disk.
     *
     * @param roots the roots it may write under.
     * @param sync  whether each file and folder is fsynced.
     */
    public WriteApplier(final List<Path> roots, final boolean sync)
    {
        this(roots, sync, null);
    }

    /**
     * An applier confined to the given roots that reads the values conflicts replaced from the journal.
     *
     * @param roots       the roots it may write under.
     * @param sync        whether each file and folder is fsynced.
     * @param overwritten the journal's overwritten writes, closed with this applier; or null to read from disk.
     */
    public WriteApplier(final List<Path> roots, final boolean sync, final OverwrittenWrites overwritten)
    {
        this(roots, sync, overwritten, null);
    }

    /**
     * A disk writer's applier: it reads the values conflicts replaced from the journal, and remembers the writes it
     * applied as their entry's first value until its checkpoint passes them.
     *
     * @param roots       the roots it may write under.
     * @param sync        whether each file and folder is fsynced.
     * @param overwritten the journal's overwritten writes, closed with this applier.
     * @param firstWrites the writer's first writes, closed with this applier.
     */
    WriteApplier(final List<Path> roots, final boolean sync, final OverwrittenWrites overwritten,
        final FirstWrites firstWrites)
    {
        this.writer = new MetaWriter(Roots.of(roots), sync);
        this.overwritten = overwritten;
        this.firstWrites = firstWrites;
    }

    /**
     * Applies one record on its own (no coalesced losers): a write that overwrote another inside the conflict
     * window first keeps the entry's current value in history; a superseded write goes to history only.
     *
     * @param record the record's bytes.
     * @param length its length.
     * @return the file or history folder written.
     * @throws dev.zom.ZomException when the write is refused (e.g. outside the roots) or the storage fails.
     */
    public Path apply(final byte[] record, final int length)
    {
        return apply(record, length, null);
    }

    /**
     * Applies one record on its own, possibly at another location than the one it names (replay into a folder).
     *
     * @param record   the record's bytes.
     * @param length   its length.
     * @param location where to write instead of the record's location, or null for the record's own.
     * @return the file or history folder written.
     */
    public Path apply(final byte[] record, final int length, final Path location)
    {
        final byte[] exact = length == record.length ? record : Arrays.copyOf(record, length);
        buffer.wrap(exact);
        final byte decision = JournalRecord.decision(buffer, 0);
        final boolean overwrote = decision == JournalRecord.DECISION_OVERWROTE ||
            decision == JournalRecord.DECISION_KEEP_HISTORY;
        final List<Coalescer.Loser> losers = overwrote ? List.of(new Coalescer.Loser(null,
            JournalRecord.otherIndex(buffer, 0), JournalRecord.otherClient(buffer, 0),
            JournalRecord.timeMillis(buffer, 0), -1)) : List.of();
        return apply(exact, losers, location);
    }

    /**
     * Applies a coalesced record: its losers to history first, oldest first, then the record itself.
     *
     * @param entry    the coalesced record.
     * @param location where to write instead of the record's location, or null for the record's own.
     * @return the file or history folder written.
     */
    public Path apply(final Coalescer.Entry entry, final Path location)
    {
        return apply(entry.record(), entry.losers(), location);
    }

    private Path apply(final byte[] record, final List<Coalescer.Loser> losers, final Path location)
    {
        decode(record);
        final String ownLocation = request.location();
        final String ownMetapath = request.metapath();
        final Path where = location != null ? location : Locations.parse(ownLocation);
        final Metapath metapath = Metapath.parse(ownMetapath);
        final Value value = value();
        final long client = request.clientId();
        final long time = JournalRecord.timeMillis(buffer, 0);
        if (JournalRecord.decision(buffer, 0) == JournalRecord.DECISION_SUPERSEDED)
        {
            return keepOnce(where, metapath, value, true, client, time);
        }
        for (final Coalescer.Loser loser : losers)
        {
            final byte[] known = loser.record() != null ? loser.record() :
                overwritten == null ? null : overwritten.find(loser.index(), ownLocation, ownMetapath);
            final Value lost = known != null ? valueOf(known) : fromDisk(where, metapath, loser.replacedBy());
            if (lost != null)
            {
                keepOnce(where, metapath, lost, known != null, loser.client(), loser.replacedAt());
            }
        }
        decode(record);
        return writer.write(where, metapath, value);
    }

    /**
     * The entry's value on disk as the loser of the write at {@code replacedBy}; none when that write was applied
     * before as the entry's first value (what the entry holds now is then that write's own doing).
     */
    private Value fromDisk(final Path where, final Metapath metapath, final long replacedBy)
    {
        final boolean tracked = firstWrites != null && replacedBy >= 0;
        if (tracked && firstWrites.contains(replacedBy))
        {
            return null;
        }
        final Value current = writer.current(where, metapath);
        if (current == null && tracked)
        {
            firstWrites.add(replacedBy);
        }
        return current;
    }

    /**
     * Keeps a value in history unless this apply repeats an earlier one (a disk writer re-reads from its checkpoint
     * after a crash) that kept it already: an imprint of its time and user holding it is there. A loser read from the
     * entry on disk is not {@code exact}: any imprint of its time and user counts, since the entry may hold a later
     * value by now, written after the loser was kept.
     *
     * @return the imprint found or written.
     */
    private Path keepOnce(
        final Path where, final Metapath metapath, final Value value, final boolean exact, final long client,
        final long time)
    {
        final Path kept = writer.findHistory(where, metapath, exact ? value : null, user(client), time);
        return kept != null ? kept : writer.writeHistory(where, metapath, value, user(client), time);
    }

    private Value valueOf(final byte[] record)
    {
        decode(record);
        return value();
    }

    private void decode(final byte[] record)
    {
        buffer.wrap(record);
        request.wrap(buffer, JournalRecord.HEADER_LENGTH, record.length - JournalRecord.HEADER_LENGTH);
    }

    private Value value()
    {
        return WireValues.decode(Protocol.typeOf(request.typeCode()), buffer, request.valueOffset(),
            request.valueLength());
    }

    /**
     * The name kept in a history imprint's {@code user.string}: the writing client's id.
     *
     * @param client a client id.
     * @return the user text.
     */
    static String user(final long client)
    {
        return client == 0 ? "unknown" : "client " + Long.toHexString(client);
    }

    @Override
    public void close()
    {
        writer.close();
        if (overwritten != null)
        {
            overwritten.close();
        }
        if (firstWrites != null)
        {
            firstWrites.close();
        }
    }
}
