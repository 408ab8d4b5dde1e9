package dev.zom.format;

import dev.zom.ErrorCode;
import dev.zom.ZomException;

import java.io.IOException;

/**
 * Classifies input/output failures: a full file system is {@link ErrorCode#STORAGE_SPACE} (the caller may wait and
 * retry), a name the file system cannot hold ({@code ENAMETOOLONG}, on a file system with a shorter limit than
 * {@link PathLimits} allows for) is {@link ErrorCode#BAD_NAME} (no retry can help), anything else is
 * {@link ErrorCode#STORAGE}.
 */
public final class StorageErrors
{
    private StorageErrors()
    {
    }

    /**
     * Wraps an I/O failure in a classified exception.
     *
     * @param what  what was being done, lower case.
     * @param cause the failure.
     * @return the exception to throw.
     */
    public static ZomException of(final String what, final IOException cause)
    {
        final String reason = String.valueOf(cause.getMessage());
        final boolean full = reason.contains("No space left") || reason.contains("Disk quota exceeded");
        final ErrorCode code = full ? ErrorCode.STORAGE_SPACE
            : reason.contains("File name too long") ? ErrorCode.BAD_NAME : ErrorCode.STORAGE;
        return new ZomException(code,
            what + ": " + cause.getClass().getSimpleName() + ": " + reason, cause);
    }
}
