package dev.zom.protocol;

import dev.zom.format.OmType;

/**
 * The constants of the wire protocol, version 1: operations, reply statuses, value type codes and the fixed
 * header layouts. All integers are little-endian. {@code docs/PROTOCOL.md} is the specification.
 */
public final class Protocol
{
    /** The protocol version this code speaks. */
    public static final byte VERSION = 1;

    /** The operation in a reply to a request too broken to decode (its own operation is unknown). */
    public static final byte OP_UNDECODED = 0;
    /** Operation: write a value (PULL or ROUTER). */
    public static final byte OP_WRITE = 1;
    /** Operation: read a value (ROUTER). */
    public static final byte OP_READ = 2;
    /** Operation: list a location or group (ROUTER). */
    public static final byte OP_LS = 3;
    /** Operation: the broker's counters (ROUTER). */
    public static final byte OP_STAT = 4;
    /** Operation: many writes of one client in one frame (PULL or ROUTER); one reply carries every write's reply. */
    public static final byte OP_WRITE_BATCH = 5;
    /**
     * Operation: the client is done and sends nothing more under its id (ROUTER); the broker forgets its retry window
     * a while later. Header only.
     */
    public static final byte OP_BYE = 6;

    /** Reply status: done. */
    public static final byte STATUS_OK = 0;
    /** Reply status: refused; the error code and reason say why. Nothing was journaled. */
    public static final byte STATUS_ERROR = 1;
    /** Reply status: the ring is full; nothing was journaled; send the same write again later. */
    public static final byte STATUS_BUSY = 2;
    /** Reply status: the broker cannot journal now; nothing was journaled. */
    public static final byte STATUS_UNAVAILABLE = 3;

    /**
     * Request flag (write): the value this write replaces goes to the entry's history, as every replaced value does
     * when the broker keeps the history of every overwrite. {@code zom restore} sets it.
     */
    public static final byte REQUEST_FLAG_KEEP_HISTORY = 1;

    /** Reply flag: this write was already journaled (a retry); the index is the original one. */
    public static final byte FLAG_DUPLICATE = 1;
    /** Reply flag: this write replaced another client's write inside the conflict window (that value is in history). */
    public static final byte FLAG_OVERWROTE = 2;
    /** Reply flag: this write was superseded by a higher-priority write, which stands; this value is in history. */
    public static final byte FLAG_SUPERSEDED = 4;
    /** Conflict event kind: a write replaced another client's write inside the window. */
    public static final byte EVENT_OVERWROTE = 1;
    /** Conflict event kind: a write was superseded by a higher-priority write. */
    public static final byte EVENT_SUPERSEDED = 2;
    /** Length of a conflict event body before its metapath. */
    public static final int EVENT_HEADER_LENGTH = 48;

    /** Length of a write reply's conflict payload: the other write's client id (u64) and journal index (i64). */
    public static final int CONFLICT_PAYLOAD_LENGTH = 16;

    /** Length of the request header; location, metapath and value follow it. */
    public static final int REQUEST_HEADER_LENGTH = 32;
    /** The longest request a broker can be configured to take. */
    public static final int MAX_REQUEST_LENGTH = 16 * 1024 * 1024;
    /** Length of a write batch's header; its writes follow it back to back. */
    public static final int BATCH_HEADER_LENGTH = 8;
    /**
     * A batch's writes may fill this many bytes, and one more write may take it past (a client sends a batch once it
     * passes this size). Small on purpose: while the broker's ring is full, ZeroMQ holds up to {@code hwm} frames
     * per connection in the broker's heap, and at 64 KiB one batching client filled a 64 MiB broker.
     */
    public static final int BATCH_FILL_BYTES = 8 * 1024;
    /** Length of the reply header; the payload follows it. */
    public static final int REPLY_HEADER_LENGTH = 32;

    private static final OmType[] BY_CODE = {null, OmType.BOOL, OmType.INT, OmType.FLOAT, OmType.STRING, OmType.TEXT,
        OmType.TUPLE, OmType.NULL, OmType.DATE};

    private Protocol()
    {
    }

    /**
     * The wire code of a value type.
     *
     * @param type a value type (not a group).
     * @return its code, 1 to 8.
     */
    public static byte typeCode(final OmType type)
    {
        for (int i = 1; i < BY_CODE.length; i++)
        {
            if (BY_CODE[i] == type)
            {
                return (byte)i;
            }
        }
        throw new IllegalArgumentException("not a value type: " + type);
    }

    /**
     * The value type with this wire code.
     *
     * @param code a code from the wire.
     * @return the type, or null when the code is unknown.
     */
    public static OmType typeOf(final int code)
    {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
