package dev.zom.stage;

import dev.zom.format.OmType;
import dev.zom.format.Value;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestDecoder;
import dev.zom.protocol.RequestEncoder;
import dev.zom.protocol.WireValues;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * A ticket record's bytes, little-endian: its length (u32, the whole record), a CRC-32C of everything after the
 * first 8 bytes (u32), version (u8), flags (u8: 1 = keep history), the staged file's path length (u16), commit time
 * (i64, epoch ms), the request's length (u32), then the write exactly as it goes on the wire (docs/PROTOCOL.md) and
 * the path of the staged Open Metadata file relative to the stage's root (ASCII). A record cut short by a crash, or
 * damaged, fails its length or CRC check and is never pushed. Not thread-safe.
 */
final class TicketCodec
{
    static final byte VERSION = 1;
    static final int HEADER_LENGTH = 24;
    private static final byte FLAG_KEEP_HISTORY = 1;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final RequestEncoder encoder = new RequestEncoder();
    private final CRC32C crc = new CRC32C();
    private final RequestDecoder request = new RequestDecoder();

    /**
     * Writes a record.
     *
     * @return its length.
     */
    int encode(
        final MutableDirectBuffer buffer,
        final long clientId,
        final long sequence,
        final short priority,
        final long commitMillis,
        final boolean keepHistory,
        final String location,
        final String metapath,
        final Value value,
        final String stagedFile)
    {
        final int requestLength = encoder.encode(buffer, HEADER_LENGTH, Protocol.OP_WRITE, clientId, sequence,
            (byte)0, priority, location, metapath, value);
        final int pathLength = buffer.putStringWithoutLengthAscii(HEADER_LENGTH + requestLength, stagedFile);
        final int length = HEADER_LENGTH + requestLength + pathLength;
        buffer.putInt(0, length, LE);
        buffer.putByte(8, VERSION);
        buffer.putByte(9, keepHistory ? FLAG_KEEP_HISTORY : 0);
        buffer.putShort(10, (short)pathLength, LE);
        buffer.putLong(12, commitMillis, LE);
        buffer.putInt(20, requestLength, LE);
        crc.reset();
        crc.update(buffer.byteArray(), 8, length - 8);
        buffer.putInt(4, (int)crc.getValue(), LE);
        return length;
    }

    /**
     * The length of the whole record starting at an offset, if the bytes there hold one that is complete and
     * intact.
     *
     * @return its length, or -1 when the bytes are torn, damaged or not a record.
     */
    int check(final DirectBuffer buffer, final int offset, final int available)
    {
        if (available < HEADER_LENGTH)
        {
            return -1;
        }
        final int length = buffer.getInt(offset, LE);
        if (length < HEADER_LENGTH || length > available || buffer.getByte(offset + 8) != VERSION)
        {
            return -1;
        }
        crc.reset();
        crc.update(buffer.byteArray(), offset + 8, length - 8);
        if ((int)crc.getValue() != buffer.getInt(offset + 4, LE))
        {
            return -1;
        }
        final int requestLength = buffer.getInt(offset + 20, LE);
        final int pathLength = buffer.getShort(offset + 10, LE) & 0xFFFF;
        if (requestLength < 0 || HEADER_LENGTH + (long)requestLength + pathLength != length)
        {
            return -1;
        }
        request.wrap(buffer, offset + HEADER_LENGTH, requestLength);
        return request.checkStructure() == null && request.operation() == Protocol.OP_WRITE &&
            Protocol.typeOf(request.typeCode()) != null ? length : -1;
    }

    /**
     * Decodes a record that passed {@link #check}.
     */
    Ticket decode(final DirectBuffer buffer, final int offset, final Path segment, final long position)
    {
        final int length = buffer.getInt(offset, LE);
        final int requestLength = buffer.getInt(offset + 20, LE);
        final int pathLength = buffer.getShort(offset + 10, LE) & 0xFFFF;
        request.wrap(buffer, offset + HEADER_LENGTH, requestLength);
        final OmType type = Protocol.typeOf(request.typeCode());
        final Value value = WireValues.decode(type, buffer, request.valueOffset(), request.valueLength());
        return new Ticket(segment, position, position + length, request.clientId(), request.sequence(),
            request.priority(), buffer.getLong(offset + 12, LE), (buffer.getByte(offset + 9) & FLAG_KEEP_HISTORY) != 0,
            request.location(), request.metapath(), value,
            buffer.getStringWithoutLengthAscii(offset + HEADER_LENGTH + requestLength, pathLength));
    }
}
