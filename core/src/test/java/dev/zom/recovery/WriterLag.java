package dev.zom.recovery;

import dev.zom.ChildJvm;
import dev.zom.client.ZomClient;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waits, through a broker's stat reply, until every disk writer has caught up with the journal; or runs a broker
 * once more until they have.
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

    /**
     * Starts a broker on a folder once more (a child JVM, durability {@code batch}), waits until its disk writers have
     * applied the whole journal and checks it found no damaged record, then stops it.
     *
     * @param dir the folder holding {@code data/} and {@code journal/}.
     */
    public static void drainWithOneMoreRun(final Path dir) throws Exception
    {
        try (ChildJvm broker = ChildJvm.start(BrokerMain.class, dir.toString(), "batch"))
        {
            final String router = BrokerMain.routerOf(broker);
            try (ZomClient client = ZomClient.connect(router, null))
            {
                await(client, 600_000);
                assertThat(client.stat()).contains("zom_corrupt_records_total 0");
            }
        }
    }
}
