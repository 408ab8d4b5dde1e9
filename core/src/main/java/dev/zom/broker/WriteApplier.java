package dev.zom.broker;

import dev.zom.format.Locations;
import dev.zom.format.MetaWriter;
import dev.zom.format.Metapath;
import dev.zom.format.OmType;
import dev.zom.format.Roots;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestDecoder;
import dev.zom.protocol.WireValues;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.List;

/**
 * Applies one journal record to its tree with the Open Metadata library. The one apply path: the disk writers use
 * it for normal operation and recovery alike. Applying a record twice leaves the same bytes. Not thread-safe.
 */
public final class WriteApplier implements AutoCloseable
{
    private final MetaWriter writer;
    private final RequestDecoder request = new RequestDecoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);

    /**
     * An applier confined to the given roots.
     *
     * @param roots the roots it may write under.
     * @param sync  whether each file and folder is fsynced.
     */
    public WriteApplier(final List<Path> roots, final boolean sync)
    {
        writer = new MetaWriter(Roots.of(roots), sync);
    }

    /**
     * Applies one record.
     *
     * @param record the record's bytes.
     * @param length its length.
     * @return the file written.
     * @throws dev.zom.ZomException when the write is refused (e.g. outside the roots) or the storage fails.
     */
    public Path apply(final byte[] record, final int length)
    {
        return apply(record, length, null);
    }

    /**
     * Applies one record, possibly at another location than the one it names (replay into another folder).
     *
     * @param record   the record's bytes.
     * @param length   its length.
     * @param location where to write instead of the record's location, or null for the record's own.
     * @return the file written.
     */
    public Path apply(final byte[] record, final int length, final Path location)
    {
        buffer.wrap(record, 0, length);
        request.wrap(buffer, JournalRecord.HEADER_LENGTH, length - JournalRecord.HEADER_LENGTH);
        final OmType type = Protocol.typeOf(request.typeCode());
        return writer.write(location != null ? location : Locations.parse(request.location()),
            Metapath.parse(request.metapath()), WireValues.decode(type, buffer, request.valueOffset(),
            request.valueLength()));
    }

    @Override
    public void close()
    {
        writer.close();
    }
}
