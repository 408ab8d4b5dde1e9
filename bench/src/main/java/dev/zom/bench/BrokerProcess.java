package dev.zom.bench;

import dev.zom.broker.Broker;
import dev.zom.broker.BrokerContext;
import dev.zom.journal.DurabilityMode;

import java.nio.file.Path;

/**
 * A broker in its own JVM for the load generator's heap test: prints "endpoints PULL ROUTER" and runs until its
 * standard input closes.
 */
public final class BrokerProcess
{
    private BrokerProcess()
    {
    }

    /**
     * Runs the broker.
     *
     * @param args the folder for root and journal, and the durability.
     * @throws Exception when it fails.
     */
    public static void main(final String[] args) throws Exception
    {
        try (Broker broker = Broker.launch(BrokerContext.embedded(Path.of(args[0]))
            .durability(DurabilityMode.parse(args[1]))))
        {
            System.out.println("endpoints " + broker.pullEndpoint() + " " + broker.routerEndpoint());
            System.out.flush();
            while (System.in.read() >= 0)
            {
                Thread.onSpinWait();
            }
        }
    }
}
