package dev.zom.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition with a deadline instead of sleeping a guessed time.
 */
public final class Await
{
    private Await()
    {
    }

    /**
     * Polls a condition every 5 ms until it holds, or fails the test after the timeout.
     */
    public static void until(final String what, final long timeoutMillis, final BooleanSupplier condition)
    {
        final long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean())
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            try
            {
                Thread.sleep(5);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, ex);
            }
        }
    }

    /**
     * Waits until every disk writer has applied everything journaled so far.
     */
    public static void applied(final Broker broker)
    {
        final long last = broker.journaledIndex();
        until("the disk writers to apply up to index " + last, 30_000,
            () -> broker.appliedIndices().values().stream().allMatch(applied -> applied >= last));
    }

    /**
     * A file's text, or an empty string while it cannot be read (not written yet), for conditions on a tree.
     */
    public static String contentOf(final Path file)
    {
        try
        {
            return Files.readString(file);
        }
        catch (final IOException ex)
        {
            return "";
        }
    }
}
