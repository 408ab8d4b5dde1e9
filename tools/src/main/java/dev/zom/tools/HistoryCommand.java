package dev.zom.tools;

import dev.zom.format.JsonEncoder;
import dev.zom.format.Locations;
import dev.zom.format.MetaHistory;
import dev.zom.format.Metapath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code zom history}: lists the values an entry lost (conflicts, supersessions), oldest first.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = "List an entry's history (values that lost a conflict or were superseded): stamp, user, value.")
final class HistoryCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Mixin
    EntryArguments entry;

    @Override
    public Integer call()
    {
        for (final MetaHistory.Imprint imprint : MetaHistory.list(Locations.parse(entry.absoluteLocation()),
            Metapath.parse(entry.metapath)))
        {
            final byte[] json = JsonEncoder.toBytes(imprint.value());
            spec.commandLine().getOut().printf("%s\t%s\t%s\t%s%n", imprint.stamp(), imprint.user(),
                imprint.value().type().suffix(),
                json.length == 0 ? "null" : new String(json, StandardCharsets.US_ASCII));
        }
        return 0;
    }
}
