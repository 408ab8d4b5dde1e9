package dev.zom.tools;

import dev.zom.ZomException;
import dev.zom.client.AckedPipeline;
import dev.zom.client.WriteRefusedException;
import dev.zom.client.ZomClient;

import java.io.PrintWriter;
import java.util.List;

/**
 * Sends prepared writes to a broker as acknowledged writes, pipelined (a window of writes in flight rather than
 * one round trip each), sending again any the broker was too busy to take, and reports what was acknowledged.
 */
final class BrokerWrites
{
    private static final int WINDOW = 1024;

    private final BrokerOption broker;
    private final PrintWriter out;
    private final boolean keepHistory;

    BrokerWrites(final BrokerOption broker, final PrintWriter out, final boolean keepHistory)
    {
        this.broker = broker;
        this.out = out;
        this.keepHistory = keepHistory;
    }

    void write(final List<WriteCommand.PreparedWrite> writes, final boolean summaryOnly)
    {
        final long[] lastIndex = {-1};
        try (ZomClient client = broker.connect().keepHistory(keepHistory))
        {
            final AckedPipeline pipeline = new AckedPipeline(client, WINDOW, (ack, sentAt) -> lastIndex[0] =
                ack.journalIndex());
            try
            {
                for (final WriteCommand.PreparedWrite w : writes)
                {
                    pipeline.submit(w.location().toString(), w.metapath().toString(), w.value());
                }
                pipeline.flush();
            }
            catch (final WriteRefusedException refused)
            {
                throw new ZomException(refused.code(), "write (" + pipeline.describe(refused.sequence()) +
                    ") refused after " + pipeline.acked() + " acked: " + refused.getMessage());
            }
            if (summaryOnly)
            {
                out.println("acked " + pipeline.acked() + " writes" +
                    (pipeline.duplicates() > 0 ? " (" + pipeline.duplicates() + " duplicates)" : ""));
            }
            else
            {
                out.println("acked at journal index " + lastIndex[0]);
            }
        }
    }
}
