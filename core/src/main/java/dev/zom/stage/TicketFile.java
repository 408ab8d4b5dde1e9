package dev.zom.stage;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.format.OmType;
import dev.zom.format.Value;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestDecoder;
import dev.zom.protocol.RequestEncoder;
import dev.zom.protocol.WireValues;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A ticket's bytes: a 24-byte header (magic {@code ZOMT}, version, flags, the staged file's path length, commit
 * time, the request's length, and a CRC-32C of everything after the header; little-endian), the write exactly as it
 * goes on the wire (docs/PROTOCOL.md), then the path of the staged Open Metadata file relative to the stage's root
 * (ASCII), so a push removes it without searching its folder. A ticket is
 * created under a new name in one write and never rewritten; one torn by a crash fails its length or CRC check and
 * is never pushed. Not thread-safe: one per committing thread.
 */
final class TicketFile
{
    static final int MAGIC = 0x544D_4F5A;
    static final byte VERSION = 1;
    static final int HEADER_LENGTH = 24;
    private static final byte FLAG_KEEP_HISTORY = 1;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final RequestEncoder encoder = new RequestEncoder();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private final CRC32C crc = new CRC32C();

    /**
     * Creates a ticket file; fails if the name exists.
     */
    void write(
        final Path file,
        final long clientId,
        final long sequence,
        final short priority,
        final long commitMillis,
        final boolean keepHistory,
        final String location,
        final String metapath,
        final Value value,
        final String stagedFile) throws IOException
    {
        final int length = encoder.encode(buffer, HEADER_LENGTH, Protocol.OP_WRITE, clientId, sequence, priority,
            location, metapath, value);
        final int pathLength = buffer.putStringWithoutLengthAscii(HEADER_LENGTH + length, stagedFile);
        crc.reset();
        crc.update(buffer.byteArray(), HEADER_LENGTH, length + pathLength);
        buffer.putInt(0, MAGIC, LE);
        buffer.putByte(4, VERSION);
        buffer.putByte(5, keepHistory ? FLAG_KEEP_HISTORY : 0);
        buffer.putShort(6, (short)pathLength, LE);
        buffer.putLong(8, commitMillis, LE);
        buffer.putInt(16, length, LE);
        buffer.putInt(20, (int)crc.getValue(), LE);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            final ByteBuffer bytes = ByteBuffer.wrap(buffer.byteArray(), 0, HEADER_LENGTH + length + pathLength);
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
        }
    }

    /**
     * Reads and checks a ticket.
     *
     * @param file the ticket.
     * @return the staged write.
     * @throws ZomException with {@link ErrorCode#UNREADABLE} when it is torn or not a ticket.
     * @throws IOException  when it cannot be read (a vanished ticket throws NoSuchFileException).
     */
    static Ticket read(final Path file) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        final UnsafeBuffer view = new UnsafeBuffer(bytes);
        if (bytes.length < HEADER_LENGTH || view.getInt(0, LE) != MAGIC || view.getByte(4) != VERSION)
        {
            throw unreadable(file, "not a zom ticket");
        }
        final int length = view.getInt(16, LE);
        final int pathLength = view.getShort(6, LE) & 0xFFFF;
        if ((long)length + pathLength != bytes.length - HEADER_LENGTH)
        {
            throw unreadable(file, "torn: " + (bytes.length - HEADER_LENGTH) + " of " + (length + pathLength) +
                " bytes");
        }
        final CRC32C check = new CRC32C();
        check.update(bytes, HEADER_LENGTH, length + pathLength);
        if ((int)check.getValue() != view.getInt(20, LE))
        {
            throw unreadable(file, "CRC mismatch");
        }
        final RequestDecoder request = new RequestDecoder().wrap(view, HEADER_LENGTH, length);
        if (request.checkStructure() != null || request.operation() != Protocol.OP_WRITE)
        {
            throw unreadable(file, "not a write request");
        }
        final OmType type = Protocol.typeOf(request.typeCode());
        if (type == null)
        {
            throw unreadable(file, "unknown type code " + request.typeCode());
        }
        final Value value = WireValues.decode(type, view, request.valueOffset(), request.valueLength());
        return new Ticket(file, request.clientId(), request.sequence(), request.priority(), view.getLong(8, LE),
            (view.getByte(5) & FLAG_KEEP_HISTORY) != 0, request.location(), request.metapath(), value,
            view.getStringWithoutLengthAscii(HEADER_LENGTH + length, pathLength));
    }

    private static ZomException unreadable(final Path file, final String why)
    {
        return new ZomException(ErrorCode.UNREADABLE, "ticket " + file + ": " + why);
    }
}
