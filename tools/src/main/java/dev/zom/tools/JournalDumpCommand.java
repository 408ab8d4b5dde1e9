package dev.zom.tools;

import dev.zom.format.JsonEncoder;
import dev.zom.format.Value;
import dev.zom.journal.Journal;
import dev.zom.protocol.JournalRecord;
import dev.zom.replay.JournalEntries;
import dev.zom.replay.JournalEntry;
import dev.zom.replay.JournalRange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code zom journal dump}: prints journal entries as text or JSON lines.
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
    description = {"Print entries: index, time, client, sequence, location, metapath, type, value, decision",
        "(apply, overwrote, superseded, keep-history); damaged records as such."})
final class JournalDumpCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Mixin
    JournalCommand.JournalOption journal;

    @Mixin
    RangeOptions range;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final JournalRange within = range.range();
        try (Journal open = journal.open(); JournalEntries entries = within.entries(open))
        {
            JournalEntry entry;
            while ((entry = entries.next()) != null && !within.isPast(entry))
            {
                if (entry.isSound() ? within.matches(entry) : within.coversIndex(entry))
                {
                    out.println(json ? json(entry) : text(entry));
                }
            }
        }
        return 0;
    }

    private static String text(final JournalEntry e)
    {
        if (!e.isSound())
        {
            return e.index() + " DAMAGED " + e.damage();
        }
        return e.index() + " " + Instant.ofEpochMilli(e.timeMillis()) + " client=" + Long.toHexString(e.clientId()) +
            " seq=" + e.sequence() + " " + e.location() + " " + e.metapath() + " " + e.type().suffix() + " " +
            valueJson(e.value()) + " decision=" + JournalRecord.decisionName(e.decision());
    }

    private static String json(final JournalEntry e)
    {
        if (!e.isSound())
        {
            return "{\"index\": " + e.index() + ", \"damage\": " + quote(e.damage()) + "}";
        }
        return "{\"index\": " + e.index() + ", \"time\": " + quote(Instant.ofEpochMilli(e.timeMillis()).toString()) +
            ", \"client\": " + quote(Long.toHexString(e.clientId())) + ", \"sequence\": " + e.sequence() +
            ", \"priority\": " + e.priority() + ", \"location\": " + quote(e.location()) + ", \"metapath\": " +
            quote(e.metapath()) + ", \"type\": " + quote(e.type().suffix()) + ", \"value\": " + valueJson(e.value()) +
            ", \"decision\": " + quote(JournalRecord.decisionName(e.decision())) + "}";
    }

    private static String valueJson(final Value value)
    {
        final byte[] bytes = JsonEncoder.toBytes(value);
        return bytes.length == 0 ? "null" : new String(bytes, StandardCharsets.US_ASCII);
    }

    private static String quote(final String text)
    {
        return valueJson(Value.of(text));
    }

}
