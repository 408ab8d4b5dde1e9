package dev.zom.broker;

import dev.zom.client.Ack;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;

/**
 * A separate client JVM for the end-to-end test: writes acknowledged values and prints each acknowledgement as
 * "ack INDEX METAPATH VALUE", then "done".
 */
public final class ClientProcess
{
    private ClientProcess()
    {
    }

    /**
     * Runs the writes.
     *
     * @param args router endpoint, location, number of writes, number of distinct entries, a value prefix.
     */
    public static void main(final String[] args)
    {
        final int count = Integer.parseInt(args[2]);
        final int entries = Integer.parseInt(args[3]);
        try (ZomClient client = ZomClient.connect(args[0], null))
        {
            for (int i = 0; i < count; i++)
            {
                final String metapath = "e" + (i % entries);
                final String value = args[4] + "-" + i;
                final Ack ack = client.writeAcked(args[1], metapath, Value.of(value));
                System.out.println("ack " + ack.journalIndex() + " " + metapath + " " + value);
            }
        }
        System.out.println("done");
        System.out.flush();
    }
}
