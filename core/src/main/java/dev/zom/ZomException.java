package dev.zom;

/**
 * The one unchecked exception zom throws: a {@link ErrorCode} says why, the message says what, in lower case with
 * {@code name=value} details.
 */
public class ZomException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /**
     * An error with a code and a message.
     *
     * @param code    why it failed.
     * @param message what failed, lower case, with details as {@code name=value}.
     */
    public ZomException(final ErrorCode code, final String message)
    {
        super(message);
        this.code = code;
    }

    /**
     * An error caused by another exception.
     *
     * @param code    why it failed.
     * @param message what failed.
     * @param cause   the underlying exception.
     */
    public ZomException(final ErrorCode code, final String message, final Throwable cause)
    {
        super(message, cause);
        this.code = code;
    }

    /**
     * Why it failed.
     *
     * @return the error code.
     */
    public ErrorCode code()
    {
        return code;
    }
}
