package dev.zom.tools;

import dev.zom.broker.BrokerContext;
import dev.zom.client.ZomClient;
import picocli.CommandLine.Option;

/**
 * The {@code --broker ENDPOINT} option shared by the commands that talk to a broker.
 */
final class BrokerOption
{
    @Option(names = "--broker", paramLabel = "ENDPOINT", defaultValue = BrokerContext.ROUTER_ENDPOINT_DEFAULT,
        description = "The broker's ROUTER endpoint (default: ${DEFAULT-VALUE}).")
    String endpoint;

    ZomClient connect()
    {
        return ZomClient.connect(endpoint, null);
    }
}
