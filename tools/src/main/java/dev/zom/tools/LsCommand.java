package dev.zom.tools;

import dev.zom.format.Locations;
import dev.zom.format.MetaEntry;
import dev.zom.format.MetaReader;
import dev.zom.format.Metapath;
import dev.zom.client.ZomClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/**
 * {@code zom ls}: lists the entries of a location or group with their types.
 */
@Command(name = "ls", mixinStandardHelpOptions = true,
    description = "List the entries of LOCATION (or of the group METAPATH in it) with their types, pending writes "
        + "included, from the broker or --direct from the tree.")
final class LsCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--direct", description = "List the tree, not the broker's view.")
    boolean direct;

    @Mixin
    BrokerOption broker;

    @Parameters(index = "0", paramLabel = "LOCATION", description = "The location (a folder).")
    String location;

    @Parameters(index = "1", arity = "0..1", paramLabel = "METAPATH", description = "A group in it.")
    String metapath;

    @Override
    public Integer call()
    {
        final String where = ValueArgument.absolute(location);
        if (direct)
        {
            for (final MetaEntry entry : MetaReader.list(Locations.parse(where),
                metapath == null ? null : Metapath.parse(metapath)))
            {
                spec.commandLine().getOut().printf("%s\t%s%n", entry.name(), entry.type().suffix());
            }
            return 0;
        }
        try (ZomClient client = broker.connect())
        {
            for (final String[] entry : client.ls(where, metapath))
            {
                spec.commandLine().getOut().printf("%s\t%s%n", entry[0], entry[1]);
            }
        }
        return 0;
    }
}
