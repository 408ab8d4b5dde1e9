package dev.zom.tools;

import dev.zom.stage.StageDaemon;
import dev.zom.stage.StageLayout;
import dev.zom.stage.StageStatus;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code zom stage-daemon}: pushes the stage by itself once commits go quiet; {@code --status} says how it is doing.
 */
@Command(name = "stage-daemon", mixinStandardHelpOptions = true,
    description = {"Watch the stage and push it when commits go quiet, until Ctrl-C or SIGTERM.",
        "Pushes once commits have been quiet for --quiet, and at least every --max-delay while they keep coming;",
        "retries a broker that is down.",
        "--status prints staged counts and the daemon's last push instead."})
final class StageDaemonCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Mixin
    PushOptions options;

    @Option(names = "--quiet", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
        description = "Push once no commit came for this long (default: ${DEFAULT-VALUE}).")
    Duration quiet;

    @Option(names = "--max-delay", paramLabel = "DURATION", defaultValue = "60s",
        converter = DurationConverter.class,
        description = "Push at the latest this long after the oldest unpushed commit (default: ${DEFAULT-VALUE}).")
    Duration maxDelay;


    @Option(names = "--status", description = "Print the stage's counts and the daemon's state, then exit.")
    boolean status;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final StageLayout layout = options.stage.layout();
        if (status)
        {
            StageStatus.of(layout).describe().forEach(out::println);
            return 0;
        }
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            try (StageDaemon daemon = StageDaemon.start(layout, options.broker.endpoint, quiet, maxDelay,
                options.timeoutMillis(), line ->
                {
                    out.println(line);
                    out.flush();
                }))
            {
                out.println("stage-daemon: watching " + layout.root() + ", pushing to " + options.broker.endpoint +
                    " after " + quiet.toMillis() + " ms quiet, at most " + maxDelay.toMillis() + " ms after a commit");
                out.println("stage-daemon: Ctrl-C or SIGTERM stops it; `zom stage-daemon --status` reports");
                out.flush();
                barrier.await();
                out.println("stage-daemon: stopping after " + daemon.pushes() + " pushes, once any push under way " +
                    "ends (up to " + options.timeoutMillis() + " ms per reply)");
                out.flush();
            }
            out.println("stage-daemon: stopped");
            out.flush();
        }
        return 0;
    }
}
