package dev.zom.broker;

import dev.zom.format.OmType;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalReader;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Read-your-writes: finds, in the journal after a disk writer's checkpoint, the writes that are journaled but not yet
 * applied to a location, so reads and listings answer with the newest journaled values. Owned by one query thread
 * ({@link QueryThread}). The cost is a scan of the writer's backlog from what it has applied ({@link WriterProgress};
 * ~80 ns a record in the soak, results/2026-12-01; a record of another location is passed over by its location's
 * bytes alone, without allocating), counted in {@link BrokerCounter#QUERY_RECORDS_SCANNED}.
 */
final class PendingScan implements AutoCloseable
{
    private final JournalReader reader;
    private final byte[] buffer;
    private final UnsafeBuffer view;
    private final RequestDecoder request = new RequestDecoder();
    private final CRC32C crc = new CRC32C();
    private final Counters counters;
    private long scanned;

    PendingScan(final Journal journal, final Counters counters, final int maxRecordLength)
    {
        this.counters = counters;
        reader = journal.reader();
        buffer = new byte[maxRecordLength];
        view = new UnsafeBuffer(buffer);
    }

    /**
     * The record (a copy) of the newest pending write to an entry, or null.
     */
    byte[] latest(final long checkpoint, final String location, final String metapath)
    {
        final String key = EntryKey.namesOnly(metapath);
        final byte[] wanted = location.getBytes(StandardCharsets.US_ASCII);
        byte[] latest = null;
        reader.startAfter(checkpoint);
        int length;
        while ((length = reader.next(buffer)) >= 0)
        {
            if (matches(length, wanted) && EntryKey.namesOnly(request.metapath()).equals(key))
            {
                latest = Arrays.copyOf(buffer, length);
            }
        }
        reportScanned();
        return latest;
    }

    /**
     * Adds the children of a group (null: the location itself) that pending writes create or change, keyed by
     * lower-case name, with their spelling and type.
     */
    void children(final long checkpoint, final String location, final String group, final Map<String, String[]> into)
    {
        final String prefix = childPrefix(group);
        final byte[] wanted = location.getBytes(StandardCharsets.US_ASCII);
        reader.startAfter(checkpoint);
        int length;
        while ((length = reader.next(buffer)) >= 0)
        {
            if (!matches(length, wanted))
            {
                continue;
            }
            addChild(request, prefix, into);
        }
        reportScanned();
    }

    /**
     * The names-only prefix of a group's children (empty for the location's own).
     *
     * @param group a group's metapath, or null.
     * @return the prefix.
     */
    static String childPrefix(final String group)
    {
        return group == null ? "" : EntryKey.namesOnly(group) + "/";
    }

    /**
     * Adds the child of a group that a pending write creates or changes, if it writes under that group.
     *
     * @param write  the pending write.
     * @param prefix the group's {@link #childPrefix}.
     * @param into   children by lower-case name: their spelling and type.
     */
    static void addChild(final RequestDecoder write, final String prefix, final Map<String, String[]> into)
    {
        final String metapath = write.metapath();
        if (EntryKey.namesOnly(metapath).startsWith(prefix))
        {
            final int depth = prefix.isEmpty() ? 0 : prefix.split("/").length;
            final String[] segments = metapath.split("/");
            final String child = segments[depth];
            final int dot = child.indexOf('.');
            final String name = dot < 0 ? child : child.substring(0, dot);
            final String type = depth == segments.length - 1 ? Protocol.typeOf(write.typeCode()).suffix() :
                dot < 0 ? OmType.DICT.suffix() : child.substring(dot + 1);
            into.put(name.toLowerCase(java.util.Locale.ROOT), new String[] {name, type});
        }
    }

    /**
     * Adds what one scan read to the counter at once, not with an atomic add per record.
     */
    private void reportScanned()
    {
        counters.add(BrokerCounter.QUERY_RECORDS_SCANNED, scanned);
        scanned = 0;
    }

    /**
     * Whether the record just read is a sound, applied write to a location (its bytes; locations are ASCII). The
     * location's bytes are compared first, in place: most records are another location's, and checking each one's
     * checksum and decoding its location cost a scan of a long backlog tens of milliseconds of CPU a query. A record
     * whose bytes match is then checked whole, so a torn or corrupt one is never taken.
     */
    private boolean matches(final int length, final byte[] location)
    {
        scanned++;
        if (length < JournalRecord.HEADER_LENGTH + Protocol.REQUEST_HEADER_LENGTH)
        {
            return false;
        }
        request.wrap(view, JournalRecord.HEADER_LENGTH, length - JournalRecord.HEADER_LENGTH);
        final int from = request.locationOffset();
        return request.locationLength() == location.length && from + location.length <= length &&
            Arrays.equals(buffer, from, from + location.length, location, 0, location.length) &&
            JournalRecord.check(buffer, view, length, crc) == null &&
            JournalRecord.decision(view, 0) != JournalRecord.DECISION_SUPERSEDED;
    }

    @Override
    public void close()
    {
        reader.close();
    }
}
