package dev.zom.tools;

import dev.zom.client.ZomClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code zom stat}: prints a running broker's counters.
 */
@Command(name = "stat", mixinStandardHelpOptions = true,
    description = "Print a running broker's counters (Prometheus text format).")
final class StatCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOption broker;

    @Override
    public Integer call()
    {
        try (ZomClient client = broker.connect())
        {
            spec.commandLine().getOut().print(client.stat());
        }
        return 0;
    }
}
