package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.format.Locations;
import dev.zom.format.MetaEntry;
import dev.zom.format.MetaReader;
import dev.zom.format.Metapath;
import dev.zom.format.Value;
import dev.zom.journal.Checkpoint;
import dev.zom.journal.Journal;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.ReplyEncoder;
import dev.zom.protocol.RequestDecoder;
import dev.zom.protocol.RequestValidator;
import dev.zom.protocol.WireValueEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Answers {@code read}, {@code ls} and {@code stat} requests on the {@link QueryThread}: reads see the newest journaled
 * value (a pending write from the journal, else the tree); listings merge the tree with pending writes. These paths
 * allocate; they are not the write path.
 */
final class Queries implements AutoCloseable
{
    private final Stores stores;
    private final Map<Stores.Store, WriterProgress> progress;
    private final RequestValidator validator;
    private final Supplier<String> stats;
    private final PendingScan scan;
    private final PendingIndex index;
    private final RootMounts mounts;
    private final WireValueEncoder values = new WireValueEncoder();

    Queries(
        final Journal journal,
        final Stores stores,
        final Map<Stores.Store, WriterProgress> progress,
        final RequestValidator validator,
        final Supplier<String> stats,
        final Counters counters,
        final int maxRecordLength,
        final StoreLocations indexed)
    {
        this.stores = stores;
        this.progress = progress;
        this.validator = validator;
        this.stats = stats;
        this.scan = new PendingScan(journal, counters, maxRecordLength);
        this.index = new PendingIndex(journal, counters, maxRecordLength, indexed);
        this.mounts = new RootMounts(stores.all().stream().flatMap(store -> store.roots().stream()).toList());
    }

    /**
     * Answers a query into {@code reply}.
     *
     * @return the reply's length.
     */
    int answer(final RequestDecoder request, final ExpandableArrayBuffer reply)
    {
        try
        {
            return switch (request.operation())
            {
                case Protocol.OP_READ -> read(request, reply);
                case Protocol.OP_LS -> list(request, reply);
                default -> text(request, reply, stats.get());
            };
        }
        catch (final ZomException ex)
        {
            return error(request, reply, ex.code(), ex.getMessage());
        }
    }

    private int read(final RequestDecoder request, final ExpandableArrayBuffer reply)
    {
        final ErrorCode invalid = checkPaths(request, false);
        if (invalid != null)
        {
            return error(request, reply, invalid, validator.reason());
        }
        final String location = request.location();
        final byte[] pending = pending(request, location);
        final int payload = Protocol.REPLY_HEADER_LENGTH;
        final int length;
        if (pending != null)
        {
            final RequestDecoder record = new RequestDecoder().wrap(new UnsafeBuffer(pending),
                JournalRecord.HEADER_LENGTH, pending.length - JournalRecord.HEADER_LENGTH);
            reply.putByte(payload, record.typeCode());
            reply.putBytes(payload + 1, record.buffer(), record.valueOffset(), record.valueLength());
            length = 1 + record.valueLength();
        }
        else
        {
            final Value value = MetaReader.read(Path.of(location), Metapath.parse(request.metapath()));
            reply.putByte(payload, Protocol.typeCode(value.type()));
            length = 1 + values.encode(value, reply, payload + 1);
        }
        return ok(request, reply, length);
    }

    /**
     * The record of the newest write to the entry a read names that its store's writer has not applied, or null: from
     * the {@link PendingIndex} where it can tell, else by a scan from where the entry's writes may be unapplied.
     */
    private byte[] pending(final RequestDecoder request, final String location)
    {
        final String entryKey = EntryKey.of(location, request.metapath());
        final long applied = appliedUnlessWaiting(location, entryKey);
        if (applied != WriterProgress.WAITING)
        {
            final long newest = index.newest(request, applied);
            if (newest == PendingIndex.NONE)
            {
                return null;
            }
            final byte[] record = newest == PendingIndex.UNKNOWN ? null : index.record(newest, request);
            if (record != null)
            {
                return record;
            }
        }
        return scan.latest(scanAfter(location, entryKey), location, request.metapath());
    }

    private int list(final RequestDecoder request, final ExpandableArrayBuffer reply)
    {
        final ErrorCode invalid = checkPaths(request, true);
        if (invalid != null)
        {
            return error(request, reply, invalid, validator.reason());
        }
        final String location = request.location();
        final String group = request.metapathLength() == 0 ? null : request.metapath();
        final Map<String, String[]> entries = new TreeMap<>();
        try
        {
            for (final MetaEntry entry : MetaReader.list(Locations.parse(location),
                group == null ? null : Metapath.parse(group)))
            {
                entries.put(entry.name().toLowerCase(java.util.Locale.ROOT),
                    new String[] {entry.name(), entry.type().suffix()});
            }
        }
        catch (final ZomException ex)
        {
            if (ex.code() != ErrorCode.NOT_FOUND)
            {
                throw ex;
            }
        }
        final long applied = appliedUnlessWaiting(location, null);
        if (applied == WriterProgress.WAITING || !index.children(request, group, applied, entries))
        {
            scan.children(scanAfter(location, null), location, group, entries);
        }
        if (entries.isEmpty())
        {
            return error(request, reply, ErrorCode.NOT_FOUND, "no entries at location=" + location +
                (group == null ? "" : " in group=" + group));
        }
        final StringBuilder listing = new StringBuilder();
        entries.values().forEach(e -> listing.append(e[0]).append('\t').append(e[1]).append('\n'));
        return text(request, reply, listing.toString());
    }

    /**
     * Refuses a location whose root is not on its file system ({@link RootMounts}): read there, an unmounted share's
     * bare folder answered that its entries did not exist.
     */
    private ErrorCode checkPaths(final RequestDecoder request, final boolean metapathOptional)
    {
        final ErrorCode location = validator.checkLocation(request);
        if (location == null)
        {
            final String moved = mounts.moved(Path.of(request.location()));
            if (moved != null)
            {
                throw new ZomException(ErrorCode.STORAGE, moved);
            }
        }
        if (location != null || (metapathOptional && request.metapathLength() == 0))
        {
            return location;
        }
        return validator.checkMetapath(request.buffer(), request.metapathOffset(), request.metapathLength(), null);
    }

    /**
     * What the store's writer has applied every record through ({@link WriterProgress#appliedUnlessWaiting}), or
     * {@link WriterProgress#WAITING} also for a location on no store: then the {@link PendingIndex} cannot tell.
     */
    private long appliedUnlessWaiting(final String location, final String entryKey)
    {
        final Stores.Store store = stores.storeOf(location);
        return store == null ? WriterProgress.WAITING : progress.get(store).appliedUnlessWaiting(location, entryKey);
    }

    /**
     * Where pending writes of an entry (or, with a null key, of a location) may begin: what its store's disk writer
     * has applied, or where the location or entry began to wait.
     */
    private long scanAfter(final String location, final String entryKey)
    {
        final Stores.Store store = stores.storeOf(location);
        return store == null ? Checkpoint.NONE : progress.get(store).scanAfter(location, entryKey);
    }

    private static int text(final RequestDecoder request, final ExpandableArrayBuffer reply, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        reply.putBytes(Protocol.REPLY_HEADER_LENGTH, bytes);
        return ok(request, reply, bytes.length);
    }

    private static int ok(final RequestDecoder request, final ExpandableArrayBuffer reply, final int payloadLength)
    {
        ReplyEncoder.encodeHeader(reply, 0, Protocol.STATUS_OK, request.operation(), (byte)0, 0, request.sequence(), 0,
            payloadLength);
        return Protocol.REPLY_HEADER_LENGTH + payloadLength;
    }

    static int error(
        final RequestDecoder request, final ExpandableArrayBuffer reply, final ErrorCode code, final String reason)
    {
        final byte[] bytes = String.valueOf(reason).getBytes(StandardCharsets.UTF_8);
        reply.putBytes(Protocol.REPLY_HEADER_LENGTH, bytes);
        final byte status = code == ErrorCode.BUSY ? Protocol.STATUS_BUSY :
            code == ErrorCode.UNAVAILABLE ? Protocol.STATUS_UNAVAILABLE : Protocol.STATUS_ERROR;
        ReplyEncoder.encodeHeader(reply, 0, status, request.operation(), (byte)0, code.code(), request.sequence(), 0,
            bytes.length);
        return Protocol.REPLY_HEADER_LENGTH + bytes.length;
    }

    @Override
    public void close()
    {
        scan.close();
        index.close();
    }
}
