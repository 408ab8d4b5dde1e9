package dev.zom.tools;

import dev.zom.broker.Broker;
import dev.zom.broker.BrokerContext;
import dev.zom.journal.DurabilityMode;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code zom broker}: runs the broker until Ctrl-C or SIGTERM, then stops cleanly.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = {"Run the broker until Ctrl-C or SIGTERM (then it drains and exits; 143 after SIGTERM, as the JVM " +
        "does).",
        "Exits 70 at once if a broker thread runs out of memory, so that a supervisor restarts it.",
        "Defaults: root ./zom-data, journal ./zom-journal, PULL " + BrokerContext.PULL_ENDPOINT_DEFAULT + ", ROUTER " +
            BrokerContext.ROUTER_ENDPOINT_DEFAULT + ", durability batch."})
final class BrokerCommand implements Callable<Integer>
{
    /** Exit status after a fatal error in a broker thread (sysexits' EX_SOFTWARE). */
    static final int EXIT_FATAL = 70;
    static final String FATAL_MESSAGE = "zom broker: fatal error in a broker thread; exiting (70) to be restarted";
    /** Heap set aside at launch and let go on a fatal error, so that the message can still be printed. */
    private static final int RESERVE_BYTES = 1 << 20;

    private byte[] reserve;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file of zom.broker.* settings.")
    Path config;

    @Option(names = "--root", paramLabel = "DIR", description = "A folder the broker may write under (repeatable).")
    List<Path> roots = new ArrayList<>();

    @Option(names = "--journal", paramLabel = "DIR", description = "The journal's folder.")
    Path journal;

    @Option(names = "--pull", paramLabel = "ENDPOINT", description = "The PULL endpoint (fire-and-forget writes).")
    String pull;

    @Option(names = "--router", paramLabel = "ENDPOINT", description = "The ROUTER endpoint (acked writes, reads).")
    String router;

    @Option(names = "--events", paramLabel = "ENDPOINT",
        description = "The PUB endpoint for conflict events (off: none).")
    String events;

    @Option(names = "--durability", paramLabel = "MODE", description = "none, batch or every.")
    String durability;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve Prometheus metrics on this port.")
    Integer metricsPort;

    @Override
    public Integer call() throws IOException
    {
        reserve = new byte[RESERVE_BYTES];
        final BrokerContext context = context().onFatalError(this::halt);
        final PrintWriter out = spec.commandLine().getOut();
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            try (Broker broker = Broker.launch(context))
            {
                out.println("zom broker: durability " + context.durability() + " (" + meaning(context.durability()) +
                    ")");
                out.println("zom broker: roots " + context.roots() + ", journal " + context.journalDirectory());
                out.println("zom broker: PULL " + broker.pullEndpoint() + ", ROUTER " + broker.routerEndpoint() +
                    (broker.eventsEndpoint() != null ? ", events " + broker.eventsEndpoint() : "") +
                    (broker.metricsPort() >= 0 ? ", metrics http://0.0.0.0:" + broker.metricsPort() + "/metrics" : ""));
                out.println("zom broker: listening; Ctrl-C or SIGTERM stops it");
                out.flush();
                barrier.await();
                out.println("zom broker: stopping");
                out.flush();
            }
            out.println("zom broker: stopped");
            out.flush();
        }
        return 0;
    }

    private BrokerContext context() throws IOException
    {
        final Path cwd = Path.of("").toAbsolutePath();
        final BrokerContext context = new BrokerContext().journalDirectory(cwd.resolve("zom-journal"));
        if (config != null)
        {
            final Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(config))
            {
                properties.load(in);
            }
            context.fromProperties(properties);
        }
        roots.forEach(context::root);
        if (context.roots().isEmpty())
        {
            context.root(cwd.resolve("zom-data"));
        }
        if (journal != null)
        {
            context.journalDirectory(journal);
        }
        if (pull != null)
        {
            context.pullEndpoint(pull);
        }
        if (router != null)
        {
            context.routerEndpoint(router);
        }
        if (events != null)
        {
            context.eventsEndpoint("off".equals(events) ? null : events);
        }
        if (durability != null)
        {
            context.durability(DurabilityMode.parse(durability));
        }
        if (metricsPort != null)
        {
            context.metricsPort(metricsPort);
        }
        return context.conclude();
    }

    /**
     * A broker that ran out of memory may no longer read or reply while its process lives on, and a supervisor only
     * restarts a process that ends: so end it now, as {@code kill -9} would (skipping a clean close that could wait
     * on a dead thread). Every acknowledged write is in the journal.
     */
    private void halt(final Throwable error)
    {
        reserve = null;
        try
        {
            System.err.println(FATAL_MESSAGE);
            System.err.println(error);
            System.err.flush();
        }
        finally
        {
            Runtime.getRuntime().halt(EXIT_FATAL);
        }
    }

    static String meaning(final DurabilityMode mode)
    {
        return switch (mode)
        {
            case NONE -> "an ack means journaled in memory-mapped files: survives a process crash, not a power loss";
            case BATCH -> "an ack means journaled and synced to disk, one sync per ring batch: survives power loss";
            case EVERY -> "an ack means journaled and synced to disk, one sync per write: survives power loss";
        };
    }
}
