package dev.zom.recovery;

import dev.zom.ChildJvm;
import dev.zom.broker.Broker;
import dev.zom.broker.BrokerContext;
import dev.zom.journal.DurabilityMode;

import java.nio.file.Path;

/**
 * A broker in a child JVM for crash tests: prints "endpoints PULL ROUTER" once it accepts writes, then runs until it
 * is killed or its standard input closes. {@code zom.broker.*} system properties of the test JVM reach it (a child
 * JVM gets the parent's {@code -D} flags), e.g. {@code -Dzom.broker.history.every=true} for a crash loop that keeps
 * the history of every overwrite.
 */
public final class BrokerMain
{
    private BrokerMain()
    {
    }

    /**
     * Waits for a child JVM running this to print its endpoints line.
     *
     * @param broker the child JVM.
     * @return its broker's ROUTER endpoint.
     * @throws Exception when it printed nothing within a minute.
     */
    public static String routerOf(final ChildJvm broker) throws Exception
    {
        return broker.readLine(60_000).split(" ")[2];
    }

    /**
     * Runs the broker.
     *
     * @param args the folder holding {@code data/} and {@code journal/}, and the durability mode.
     * @throws Exception when it fails.
     */
    public static void main(final String[] args) throws Exception
    {
        try (Broker broker = Broker.launch(BrokerContext.embedded(Path.of(args[0]))
            .fromProperties(System.getProperties()).durability(DurabilityMode.parse(args[1]))))
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
