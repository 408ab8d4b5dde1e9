package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.ReplyEncoder;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The one place a write's fate becomes its wire reply (docs/PROTOCOL.md): status, flags, error code, journal index,
 * and the payload (the other write of a conflict, or the reason of a refusal, cut to {@link #MAX_REASON} bytes).
 * Used for single acknowledged writes and for each write of a batch alike.
 */
final class WriteReplies
{
    /** The longest reason carried in a write reply. */
    static final int MAX_REASON = 256;

    private WriteReplies()
    {
    }

    /**
     * How long the reply to a write is.
     *
     * @param event the write, after the ring has decided it.
     * @return bytes, header included.
     */
    static int length(final WriteEvent event)
    {
        return Protocol.REPLY_HEADER_LENGTH + payloadLength(event);
    }

    /**
     * Writes the reply to a write.
     *
     * @param buffer where to write.
     * @param offset where the reply starts.
     * @param event  the write, after the ring has decided it.
     * @return the reply's length.
     */
    static int encode(final MutableDirectBuffer buffer, final int offset, final WriteEvent event)
    {
        final boolean ok = event.error == null;
        final byte flags = (byte)((event.duplicate ? Protocol.FLAG_DUPLICATE : 0) |
            (ok && event.decision == JournalRecord.DECISION_OVERWROTE ? Protocol.FLAG_OVERWROTE : 0) |
            (ok && event.decision == JournalRecord.DECISION_SUPERSEDED ? Protocol.FLAG_SUPERSEDED : 0));
        final int payloadLength = payloadLength(event);
        ReplyEncoder.encodeHeader(buffer, offset, ok ? Protocol.STATUS_OK : status(event.error), Protocol.OP_WRITE,
            flags, ok ? 0 : event.error.code(), event.sequence, ok ? event.journalIndex : 0, payloadLength);
        final int payload = offset + Protocol.REPLY_HEADER_LENGTH;
        if (!ok)
        {
            putReason(buffer, payload, event.reason, payloadLength);
        }
        else if (payloadLength > 0)
        {
            buffer.putLong(payload, event.otherClient, ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(payload + 8, event.otherIndex, ByteOrder.LITTLE_ENDIAN);
        }
        return Protocol.REPLY_HEADER_LENGTH + payloadLength;
    }

    /**
     * Writes a refusal of a write that never reached the ring (a batch the ring had no room for).
     *
     * @param buffer   where to write.
     * @param offset   where the reply starts.
     * @param error    why.
     * @param sequence the write's client sequence.
     * @param reason   the reason.
     * @return the reply's length.
     */
    static int encodeRefusal(
        final MutableDirectBuffer buffer, final int offset, final ErrorCode error, final long sequence,
        final String reason)
    {
        final int payloadLength = Math.min(reason.length(), MAX_REASON);
        ReplyEncoder.encodeHeader(buffer, offset, status(error), Protocol.OP_WRITE, (byte)0, error.code(), sequence,
            0, payloadLength);
        putReason(buffer, offset + Protocol.REPLY_HEADER_LENGTH, reason, payloadLength);
        return Protocol.REPLY_HEADER_LENGTH + payloadLength;
    }

    private static int payloadLength(final WriteEvent event)
    {
        if (event.error != null)
        {
            return event.reason == null ? 0 : Math.min(event.reason.length(), MAX_REASON);
        }
        return event.decision == JournalRecord.DECISION_OVERWROTE ||
            event.decision == JournalRecord.DECISION_SUPERSEDED ? Protocol.CONFLICT_PAYLOAD_LENGTH : 0;
    }

    private static void putReason(
        final MutableDirectBuffer buffer, final int offset, final String reason, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            final char c = reason.charAt(i);
            buffer.putByte(offset + i, c < 128 ? (byte)c : (byte)'?');
        }
    }

    private static byte status(final ErrorCode error)
    {
        return switch (error)
        {
            case BUSY -> Protocol.STATUS_BUSY;
            case UNAVAILABLE -> Protocol.STATUS_UNAVAILABLE;
            default -> Protocol.STATUS_ERROR;
        };
    }
}
