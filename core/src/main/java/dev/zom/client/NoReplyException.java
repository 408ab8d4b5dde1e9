package dev.zom.client;

import dev.zom.ErrorCode;
import dev.zom.ZomException;

/**
 * The broker did not answer in time ({@link ErrorCode#UNAVAILABLE}): it may be stalled, restarting or gone. A write
 * it concerns may or may not be journaled; sending it again with its sequence ({@link ZomClient#resend}) finds out
 * without journaling it twice.
 */
public final class NoReplyException extends ZomException
{
    private static final long serialVersionUID = 1L;

    private final long sequence;

    /**
     * A missing reply.
     *
     * @param message  what was waited for and how long.
     * @param sequence the sequence of the write it concerns, or -1 for a query.
     */
    public NoReplyException(final String message, final long sequence)
    {
        super(ErrorCode.UNAVAILABLE, message);
        this.sequence = sequence;
    }

    /**
     * The sequence of the write that got no reply.
     *
     * @return the sequence, or -1 for a query.
     */
    public long sequence()
    {
        return sequence;
    }
}
