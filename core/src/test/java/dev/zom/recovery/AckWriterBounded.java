package dev.zom.recovery;

import dev.zom.client.Ack;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;

/**
 * A client in a child JVM: writes a fixed number of acknowledged values to three entries and prints each as
 * "ack INDEX ENTRY VALUE CLIENT superseded|stands", then "done".
 */
public final class AckWriterBounded
{
    private AckWriterBounded()
    {
    }

    /**
     * Writes.
     *
     * @param args router endpoint, location, value prefix, number of writes.
     */
    public static void main(final String[] args)
    {
        try (ZomClient client = ZomClient.connect(args[0], null).priority((short)1))
        {
            for (int i = 0; i < Integer.parseInt(args[3]); i++)
            {
                final String entry = "e" + (i % 3);
                final String value = args[2] + "-" + i;
                final Ack ack = client.writeAcked(args[1], entry, Value.of(value));
                System.out.println("ack " + ack.journalIndex() + " " + entry + " " + value + " " +
                    Long.toHexString(client.clientId()) + " " + (ack.superseded() ? "superseded" : "stands"));
            }
        }
        System.out.println("done");
        System.out.flush();
    }
}
