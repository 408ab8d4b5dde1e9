package dev.zom.tools;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.client.Ack;
import dev.zom.client.ZomClient;
import dev.zom.format.Locations;
import dev.zom.format.MetaHistory;
import dev.zom.format.Metapath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code zom restore}: writes a value from an entry's history again, as a new acknowledged write that keeps the value
 * it replaces in history.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = {"Write the value of a history imprint (see zom history) again, through the broker, as a new write.",
        "The value it replaces goes to history, so a restore can itself be undone."})
final class RestoreCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOption broker;

    @Mixin
    EntryArguments entry;

    @Parameters(index = "2", paramLabel = "STAMP", description = "The imprint's stamp, as zom history prints it.")
    String stamp;

    @Override
    public Integer call()
    {
        final String where = entry.absoluteLocation();
        final MetaHistory.Imprint imprint = MetaHistory.list(Locations.parse(where), Metapath.parse(entry.metapath))
            .stream().filter(i -> i.stamp().equals(stamp)).findFirst()
            .orElseThrow(() -> new ZomException(ErrorCode.NOT_FOUND, "no history imprint stamp=" + stamp + " for " +
                where + " " + entry.metapath));
        try (ZomClient client = broker.connect().keepHistory(true))
        {
            final Ack ack = client.writeAcked(where, entry.metapath, imprint.value());
            spec.commandLine().getOut().println("restored " + stamp + " at journal index " + ack.journalIndex() +
                (ack.superseded() ? " (superseded by a higher priority write: kept in history)" : ""));
        }
        return 0;
    }
}
