package dev.zom.protocol;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * A journal record: a 32-byte header the broker adds, then the client's request exactly as received. Replay and
 * the disk writers read requests back from here, with the broker's decision, so they never decide again. A CRC-32C
 * of the request lets readers detect a torn or corrupted record (after a power loss, a page may reach the disk
 * without its neighbour) and skip it rather than apply half a write.
 *
 * <pre>
 *  0 u8 record version (2) | 1 u8 decision | 2 u16 reserved | 4 u32 CRC-32C of the request
 *  8 i64 broker time (ms) | 16 i64 the other write's journal index (-1 none) | 24 u64 the other write's client id
 * 32 the request
 * </pre>
 * Decisions: {@link #DECISION_APPLY}; {@link #DECISION_OVERWROTE} (applied, and it replaced the other write inside
 * the conflict window: the other value goes to history); {@link #DECISION_SUPERSEDED} (not applied: a higher
 * priority write, the other one, stands; this value goes to history); {@link #DECISION_KEEP_HISTORY} (applied; the
 * value it replaces goes to history: the broker keeps the history of every overwrite, or the write asked for it).
 */
public final class JournalRecord
{
    /** The record header's length; the request starts here. */
    public static final int HEADER_LENGTH = 32;
    /** The longest record: the header and the longest request a broker can take. */
    public static final int MAX_LENGTH = HEADER_LENGTH + Protocol.MAX_REQUEST_LENGTH;
    /** The record layout version. */
    public static final byte VERSION = 2;
    /** Decision: apply the write. */
    public static final byte DECISION_APPLY = 0;
    /** Decision: apply the write; it replaced another client's write inside the conflict window. */
    public static final byte DECISION_OVERWROTE = 1;
    /** Decision: do not apply; a higher-priority write stands; keep this value in history. */
    public static final byte DECISION_SUPERSEDED = 2;
    /** Decision: apply, and keep the value it replaces in history (the broker keeps the history of every write). */
    public static final byte DECISION_KEEP_HISTORY = 3;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private JournalRecord()
    {
    }

    /**
     * Writes the header in front of a request already in the buffer, with the request's checksum.
     *
     * @param record        the record's bytes (the request is at {@code HEADER_LENGTH}).
     * @param buffer        a buffer over {@code record}.
     * @param requestLength the request's length.
     * @param decision      the broker's decision.
     * @param timeMillis    the broker's time.
     * @param otherIndex    the other write's journal index, or -1.
     * @param otherClient   the other write's client id, or 0.
     * @param crc           a reusable checksum.
     */
    public static void putHeader(
        final byte[] record,
        final MutableDirectBuffer buffer,
        final int requestLength,
        final byte decision,
        final long timeMillis,
        final long otherIndex,
        final long otherClient,
        final CRC32C crc)
    {
        buffer.putByte(0, VERSION);
        buffer.putByte(1, decision);
        buffer.putShort(2, (short)0, LE);
        buffer.putInt(4, checksum(crc, record, requestLength), LE);
        buffer.putLong(8, timeMillis, LE);
        buffer.putLong(16, otherIndex, LE);
        buffer.putLong(24, otherClient, LE);
    }

    /**
     * The other write's journal index: the one overwritten, or the one that stands.
     *
     * @param buffer the buffer.
     * @param offset where the record starts.
     * @return the index, or -1.
     */
    public static long otherIndex(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + 16, LE);
    }

    /**
     * The other write's client id.
     *
     * @param buffer the buffer.
     * @param offset where the record starts.
     * @return the client id, or 0.
     */
    public static long otherClient(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + 24, LE);
    }

    /**
     * Checks a record read back from the journal: complete header, known version, matching checksum, and a request
     * whose declared lengths add up.
     *
     * @param record the record's bytes.
     * @param buffer a buffer over {@code record}.
     * @param length the record's length.
     * @param crc    a reusable checksum.
     * @return null when sound, else what is wrong.
     */
    public static String check(final byte[] record, final DirectBuffer buffer, final int length, final CRC32C crc)
    {
        if (length < HEADER_LENGTH + Protocol.REQUEST_HEADER_LENGTH)
        {
            return "shorter than a record header and a request header, length=" + length;
        }
        if (version(buffer, 0) != VERSION)
        {
            return "unknown record version=" + version(buffer, 0);
        }
        if (buffer.getInt(4, LE) != checksum(crc, record, length - HEADER_LENGTH))
        {
            return "checksum mismatch (torn or corrupted)";
        }
        return null;
    }

    /**
     * The length of the record whose bytes begin at {@code record}'s position, as its request's declared lengths give
     * it, when its checksum matches over that length: the journal restores the length Chronicle keeps in front of its
     * newest record from this (see {@code Journal.Context#recordLength}).
     *
     * @param record the bytes from the record's start; read, not changed.
     * @return the record's length, or -1 when its bytes do not vouch for one.
     */
    public static int lengthOf(final ByteBuffer record)
    {
        final UnsafeBuffer view = new UnsafeBuffer(record.slice());
        if (view.capacity() < HEADER_LENGTH + Protocol.REQUEST_HEADER_LENGTH || version(view, 0) != VERSION)
        {
            return -1;
        }
        final long length = HEADER_LENGTH + new RequestDecoder().wrap(view, HEADER_LENGTH, 0).declaredLength();
        if (length > view.capacity())
        {
            return -1;
        }
        final CRC32C crc = new CRC32C();
        crc.update(record.slice().position(HEADER_LENGTH).limit((int)length));
        return view.getInt(4, LE) == (int)crc.getValue() ? (int)length : -1;
    }

    private static int checksum(final CRC32C crc, final byte[] record, final int requestLength)
    {
        crc.reset();
        crc.update(record, HEADER_LENGTH, requestLength);
        return (int)crc.getValue();
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
     * A decision's name, as the journal tools print it.
     *
     * @param decision a decision.
     * @return {@code apply}, {@code overwrote}, {@code superseded}, {@code keep-history}, or {@code code-N} for one
     *         this version does not know.
     */
    public static String decisionName(final byte decision)
    {
        return switch (decision)
        {
            case DECISION_APPLY -> "apply";
            case DECISION_OVERWROTE -> "overwrote";
            case DECISION_SUPERSEDED -> "superseded";
            case DECISION_KEEP_HISTORY -> "keep-history";
            default -> "code-" + decision;
        };
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
