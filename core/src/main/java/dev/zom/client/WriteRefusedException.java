package dev.zom.client;

import dev.zom.ErrorCode;
import dev.zom.ZomException;

/**
 * The broker refused one write (or was busy): nothing was journaled for it. Carries the write's sequence, so a
 * pipelining client knows which write to send again ({@link ErrorCode#BUSY}, {@link ErrorCode#UNAVAILABLE}) or to
 * give up on (anything else: the write itself is bad).
 */
public final class WriteRefusedException extends ZomException
{
    private static final long serialVersionUID = 1L;

    private final long sequence;

    /**
     * A refusal.
     *
     * @param code     why.
     * @param message  the broker's reason.
     * @param sequence the refused write's sequence.
     */
    public WriteRefusedException(final ErrorCode code, final String message, final long sequence)
    {
        super(code, message);
        this.sequence = sequence;
    }

    /**
     * The refused write's sequence.
     *
     * @return the sequence.
     */
    public long sequence()
    {
        return sequence;
    }

    /**
     * Whether sending the same write again later may succeed.
     *
     * @return true for busy and unavailable.
     */
    public boolean isTransient()
    {
        return code() == ErrorCode.BUSY || code() == ErrorCode.UNAVAILABLE;
    }
}
