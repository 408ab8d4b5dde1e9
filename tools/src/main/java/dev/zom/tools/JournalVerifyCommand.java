package dev.zom.tools;

import dev.zom.journal.Journal;
import dev.zom.replay.JournalEntries;
import dev.zom.replay.JournalEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code zom journal verify}: checks every record; exit code 1 when any is torn or undecodable.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check every record (checksum, structure, value); list torn or undecodable ones; exit 1 if any.")
final class JournalVerifyCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Mixin
    JournalCommand.JournalOption journal;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        long records = 0;
        long damaged = 0;
        try (Journal open = journal.open(); JournalEntries entries = new JournalEntries(open))
        {
            JournalEntry entry;
            while ((entry = entries.next()) != null)
            {
                records += entry.records();
                if (!entry.isSound())
                {
                    damaged += entry.damaged();
                    out.println("damaged record at index " + entry.index() + ": " + entry.damage());
                }
            }
        }
        out.println(records + " records, " + damaged + " damaged");
        if (damaged > 0)
        {
            spec.commandLine().getErr().println("zom: " + damaged + " damaged journal records");
            return 1;
        }
        return 0;
    }
}
