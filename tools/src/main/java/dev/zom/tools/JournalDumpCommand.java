package dev.zom.tools;

import dev.zom.format.JsonEncoder;
import dev.zom.format.Value;
import dev.zom.journal.Journal;
import dev.zom.replay.JournalEntries;
import dev.zom.replay.JournalEntry;
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
    description = "Print entries: index, time, client, sequence, location, metapath, type, value, decision.")
final class JournalDumpCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Mixin
    JournalCommand.JournalOption journal;

    @Option(names = "--from", paramLabel = "INDEX|TIME", converter = IndexOrTime.Converter.class,
        description = "Start at this journal index or broker time (ISO-8601).")
    IndexOrTime from;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        try (Journal open = journal.open(); JournalEntries entries = new JournalEntries(open))
        {
            if (from != null && from.index() != null)
            {
                entries.from(from.index());
            }
            JournalEntry entry;
            while ((entry = entries.next()) != null)
            {
                if (from == null || entry.timeMillis() >= from.timeOr(Long.MIN_VALUE) || !entry.isSound())
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
            valueJson(e.value()) + " decision=" + decision(e.decision());
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
            ", \"decision\": " + quote(decision(e.decision())) + "}";
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

    private static String decision(final byte decision)
    {
        return decision == 0 ? "apply" : "code-" + decision;
    }
}
