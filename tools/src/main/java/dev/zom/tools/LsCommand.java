package dev.zom.tools;

import dev.zom.format.Locations;
import dev.zom.format.MetaEntry;
import dev.zom.format.MetaReader;
import dev.zom.format.Metapath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/**
 * {@code zom ls}: lists the entries of a location or group with their types.
 */
@Command(name = "ls", mixinStandardHelpOptions = true,
    description = "List the entries of LOCATION (or of the group METAPATH in it) with their types.")
final class LsCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LOCATION", description = "The location (a folder).")
    String location;

    @Parameters(index = "1", arity = "0..1", paramLabel = "METAPATH", description = "A group in it.")
    String metapath;

    @Override
    public Integer call()
    {
        for (final MetaEntry entry : MetaReader.list(Locations.parse(ValueArgument.absolute(location)),
            metapath == null ? null : Metapath.parse(metapath)))
        {
            spec.commandLine().getOut().printf("%s\t%s%n", entry.name(), entry.type().suffix());
        }
        return 0;
    }
}
