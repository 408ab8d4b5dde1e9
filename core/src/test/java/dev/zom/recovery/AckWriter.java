package dev.zom.recovery;

import dev.zom.client.AckedPipeline;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;

import java.util.HashMap;
import java.util.Map;

/**
 * A client in a child JVM for crash tests: writes acknowledged values as fast as it can (pipelined) until the
 * broker stops answering, printing each acknowledgement as "ack INDEX LOCATION METAPATH VALUE" and, when it stops,
 * "stopped REASON".
 */
public final class AckWriter
{
    private AckWriter()
    {
    }

    /**
     * Writes until the broker goes away.
     *
     * @param args the broker's ROUTER endpoint, the location, a tag making values unique to this run, and optionally
     *             the priority of its writes (default 0).
     */
    public static void main(final String[] args)
    {
        final String location = args[1];
        try (ZomClient client = ZomClient.connect(args[0], null, System.nanoTime() | 1, 2_000))
        {
            client.priority(args.length > 3 ? Short.parseShort(args[3]) : 0);
            final Map<Long, String> written = new HashMap<>();
            final AckedPipeline pipeline = new AckedPipeline(client, 64, (ack, sentAt) ->
                System.out.println("ack " + ack.journalIndex() + " " + location + " " +
                    written.remove(ack.sequence())));
            for (long i = 1; ; i++)
            {
                final String metapath = "e" + (i % 50);
                final String value = args[2] + "-" + i;
                final long sequence = pipeline.submit(location, metapath, Value.of(value));
                written.put(sequence, metapath + " " + value);
            }
        }
        catch (final RuntimeException brokerGone)
        {
            System.out.println("stopped " + brokerGone);
            System.out.flush();
        }
    }
}
