package dev.zom.tools;

import dev.zom.client.ZomClient;
import dev.zom.stage.StageStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.util.concurrent.Callable;

/**
 * {@code zom stat}: prints a running broker's counters, and the local stage's status when there is one.
 */
@Command(name = "stat", mixinStandardHelpOptions = true,
    description = {"Print a running broker's counters (Prometheus text format).",
        "When a local stage exists, its counts and its daemon's last push come first, as # comments."})
final class StatCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOption broker;

    @Mixin
    StageOption stage;

    @Override
    public Integer call()
    {
        if (Files.isDirectory(stage.layout().zomFolder()))
        {
            StageStatus.of(stage.layout()).describe().forEach(line -> spec.commandLine().getOut().println("# " + line));
        }
        try (ZomClient client = broker.connect())
        {
            spec.commandLine().getOut().print(client.stat());
        }
        return 0;
    }
}
