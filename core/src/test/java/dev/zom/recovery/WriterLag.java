package dev.zom.recovery;

import dev.zom.client.ZomClient;

/**
 * Waits, through a broker's stat reply, until every disk writer has caught up with the journal.
 */
public final class WriterLag
{
    private WriterLag()
    {
    }

    public static boolean caughtUp(final String stat)
    {
        boolean sawWriter = false;
        for (final String line : stat.split("\n"))
        {
            if (line.startsWith("zom_writer_lag{"))
            {
                sawWriter = true;
                if (!line.endsWith(" 0"))
                {
                    return false;
                }
            }
        }
        return sawWriter && stat.contains("zom_apply_waiting 0");
    }

    public static void await(final ZomClient client, final long timeoutMillis) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!caughtUp(client.stat()))
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("the disk writers did not catch up: " + client.stat());
            }
            Thread.sleep(50);
        }
    }
}
