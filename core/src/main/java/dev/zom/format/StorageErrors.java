package dev.zom.format;

import dev.zom.ErrorCode;
import dev.zom.ZomException;

import java.io.IOException;

/**
 * Classifies input/output failures: a full file system is {@link ErrorCode#STORAGE_SPACE} (the caller may wait and
 * retry), anything else is {@link ErrorCode#STORAGE}.
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
        return new ZomException(full ? ErrorCode.STORAGE_SPACE : ErrorCode.STORAGE,
            what + ": " + cause.getClass().getSimpleName() + ": " + reason, cause);
    }
}
