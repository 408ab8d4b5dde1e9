package dev.zom.tools;

import dev.zom.format.JsonEncoder;
import dev.zom.format.MetaReader;
import dev.zom.format.Value;
import dev.zom.client.ZomClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code zom read}: prints one stored value as JSON ({@code null} for a null entry).
 */
@Command(name = "read", mixinStandardHelpOptions = true,
    description = "Print the newest value at LOCATION METAPATH as JSON, from the broker or --direct from the tree.")
final class ReadCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--direct", description = "Read the tree, not the broker.")
    boolean direct;

    @Mixin
    BrokerOption broker;

    @Mixin
    EntryArguments entry;

    @Override
    public Integer call()
    {
        final String where = entry.absoluteLocation();
        final Value value;
        if (direct)
        {
            value = MetaReader.read(where, entry.metapath);
        }
        else
        {
            try (ZomClient client = broker.connect())
            {
                value = client.read(where, entry.metapath);
            }
        }
        final byte[] json = JsonEncoder.toBytes(value);
        spec.commandLine().getOut().println(json.length == 0 ? "null" : new String(json, StandardCharsets.US_ASCII));
        return 0;
    }
}
