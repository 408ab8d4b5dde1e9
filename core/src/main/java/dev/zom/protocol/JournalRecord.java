package dev.zom.protocol;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * A journal record: a 16-byte header the broker adds, then the client's request exactly as received. Replay and
 * the disk writers read requests back from here, with the broker's decision.
 *
 * <pre>
 *  0 u8 record version (1) | 1 u8 decision (0 = apply) | 2 u16 reserved | 4 u32 reserved | 8 i64 broker time (ms)
 * 16 the request
 * </pre>
 */
public final class JournalRecord
{
    /** The record header's length; the request starts here. */
    public static final int HEADER_LENGTH = 16;
    /** The record layout version. */
    public static final byte VERSION = 1;
    /** Decision: apply the write. */
    public static final byte DECISION_APPLY = 0;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private JournalRecord()
    {
    }

    /**
     * Writes the header in front of a request already in the buffer.
     *
     * @param buffer     the buffer.
     * @param offset     where the record starts (the request is at {@code offset + HEADER_LENGTH}).
     * @param decision   the broker's decision.
     * @param timeMillis the broker's time.
     */
    public static void putHeader(
        final MutableDirectBuffer buffer, final int offset, final byte decision, final long timeMillis)
    {
        buffer.putByte(offset, VERSION);
        buffer.putByte(offset + 1, decision);
        buffer.putShort(offset + 2, (short)0, LE);
        buffer.putInt(offset + 4, 0, LE);
        buffer.putLong(offset + 8, timeMillis, LE);
    }

    /**
     * The record version.
     *
     * @param buffer the buffer.
     * @param offset where the record starts.
     * @return the version.
     */
    public static byte version(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset);
    }

    /**
     * The broker's decision.
     *
     * @param buffer the buffer.
     * @param offset where the record starts.
     * @return the decision.
     */
    public static byte decision(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + 1);
    }

    /**
     * The broker's time when it decided.
     *
     * @param buffer the buffer.
     * @param offset where the record starts.
     * @return epoch milliseconds.
     */
    public static long timeMillis(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + 8, LE);
    }
}
