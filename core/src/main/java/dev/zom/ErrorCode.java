package dev.zom;

/**
 * Why an operation was refused or failed. The numeric code is stable: it is what error replies carry on the
 * wire and what counters are keyed by, so codes are only ever added, never renumbered.
 */
public enum ErrorCode
{
    /** A location that is relative, empty or otherwise not a usable absolute directory path. */
    BAD_LOCATION(1),
    /** A character outside the set the reference library accepts in a path. */
    BAD_CHARACTER(2),
    /** An empty, dotted or otherwise malformed entry name or metapath. */
    BAD_NAME(3),
    /** A type (suffix) that Open Metadata does not know. */
    UNKNOWN_TYPE(4),
    /** An integer that does not fit in signed 64 bits. */
    INT_RANGE(5),
    /** A value that does not fit its declared type. */
    TYPE_MISMATCH(6),
    /** A location outside every configured root, after resolving {@code ..} and symbolic links. */
    OUTSIDE_ROOTS(7),
    /** Stored content that cannot be read as its type. */
    UNREADABLE(8),
    /** No entry at the given location and metapath. */
    NOT_FOUND(9),
    /** The file system is full. */
    STORAGE_SPACE(10),
    /** Any other input/output failure. */
    STORAGE(11),
    /** Input text that is not a well-formed value. */
    BAD_VALUE(12),
    /** A message whose frames or lengths do not follow the protocol. */
    MALFORMED(20),
    /** A protocol version the broker does not speak. */
    UNSUPPORTED_VERSION(21),
    /** An operation code the broker does not know, or one not allowed on that socket. */
    UNKNOWN_OPERATION(22),
    /** A message or value larger than the broker accepts. */
    OVERSIZE(23),
    /** The broker's ring is full: nothing was journaled; send the same write (same sequence) again later. */
    BUSY(24),
    /** The broker cannot journal now (e.g. the journal's disk is full): nothing was journaled. */
    UNAVAILABLE(25),
    /**
     * A write under a client id and sequence the broker journaled for a different write (a client that restarted
     * with the same id and counts from 1 again): nothing was journaled; write under a new client id.
     */
    SEQUENCE_REUSED(26);

    private static final ErrorCode[] BY_CODE = new ErrorCode[32];

    static
    {
        for (final ErrorCode e : values())
        {
            BY_CODE[e.code] = e;
        }
    }

    private final int code;

    ErrorCode(final int code)
    {
        this.code = code;
    }

    /**
     * The stable numeric code.
     *
     * @return the code carried on the wire.
     */
    public int code()
    {
        return code;
    }

    /**
     * The error with this numeric code.
     *
     * @param code a code from the wire.
     * @return the error, or null when the code is unknown.
     */
    public static ErrorCode of(final int code)
    {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
