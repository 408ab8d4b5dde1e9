package dev.zom.tools;

import dev.zom.ZomException;
import dev.zom.client.Ack;
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

    BrokerWrites(final BrokerOption broker, final PrintWriter out)
    {
        this.broker = broker;
        this.out = out;
    }

    void write(final List<WriteCommand.PreparedWrite> writes, final boolean summaryOnly)
    {
        try (ZomClient client = broker.connect())
        {
            final long first = 1;
            client.nextSequence(first);
            int sent = 0;
            int acked = 0;
            int duplicates = 0;
            Ack last = null;
            while (acked < writes.size())
            {
                while (sent < writes.size() && sent - acked < WINDOW)
                {
                    final WriteCommand.PreparedWrite w = writes.get(sent++);
                    client.send(w.location().toString(), w.metapath().toString(), w.value());
                }
                try
                {
                    last = client.receiveAck();
                    acked++;
                    duplicates += last.duplicate() ? 1 : 0;
                }
                catch (final WriteRefusedException refused)
                {
                    final WriteCommand.PreparedWrite w = writes.get((int)(refused.sequence() - first));
                    if (!refused.isTransient())
                    {
                        throw new ZomException(refused.code(), "write #" + refused.sequence() + " (" + w.location() +
                            " " + w.metapath() + ") refused after " + acked + " acked: " + refused.getMessage());
                    }
                    client.resend(refused.sequence(), w.location().toString(), w.metapath().toString(), w.value());
                }
            }
            if (summaryOnly)
            {
                out.println("acked " + acked + " writes" + (duplicates > 0 ? " (" + duplicates + " duplicates)" : ""));
            }
            else if (last != null)
            {
                out.println("acked at journal index " + last.journalIndex());
            }
        }
    }
}
