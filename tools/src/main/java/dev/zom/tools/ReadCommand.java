package dev.zom.tools;

import dev.zom.format.JsonEncoder;
import dev.zom.format.MetaReader;
import dev.zom.format.Value;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code zom read}: prints one stored value as JSON ({@code null} for a null entry).
 */
@Command(name = "read", mixinStandardHelpOptions = true,
    description = "Print the value stored at LOCATION METAPATH, as JSON, read straight from the tree.")
final class ReadCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LOCATION", description = "The location (a folder).")
    String location;

    @Parameters(index = "1", paramLabel = "METAPATH", description = "The entry, e.g. a/b/c.")
    String metapath;

    @Override
    public Integer call()
    {
        final Value value = MetaReader.read(ValueArgument.absolute(location), metapath);
        final byte[] json = JsonEncoder.toBytes(value);
        spec.commandLine().getOut().println(json.length == 0 ? "null" : new String(json, StandardCharsets.US_ASCII));
        return 0;
    }
}
