package dev.zom.tools;

import dev.zom.broker.WriterCheckpoints;
import dev.zom.journal.Journal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code zom journal stat}: size, first and last index, cycle files, checkpoints, whether the clock is behind the
 * journal's newest cycle (new writes then go on into that cycle), and what retention may delete.
 */
@Command(name = "stat", mixinStandardHelpOptions = true,
    description = "Print size, first/last index, cycle files, checkpoints and what retention may delete now.")
final class JournalStatCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Mixin
    JournalCommand.JournalOption journal;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        try (Journal open = journal.open())
        {
            final List<File> cycles = open.cycleFiles();
            out.printf("journal %s%n", open.directory().toAbsolutePath());
            out.printf("size %d bytes in %d cycle files (their lengths: the files are sparse, `du` shows the " +
                "disk they use)%n",
                cycles.stream().mapToLong(File::length).sum(), cycles.size());
            out.printf("first index %d, last index %d%n", open.firstIndex(), open.lastIndex());
            for (final File cycle : cycles)
            {
                out.printf("cycle %s %d bytes, modified %s%n", cycle.getName(), cycle.length(),
                    Instant.ofEpochMilli(cycle.lastModified()));
            }
            for (final Map.Entry<String, Long> checkpoint : open.checkpoints().entrySet())
            {
                final List<String> roots = WriterCheckpoints.recordedRoots(open.directory(), checkpoint.getKey());
                out.printf("checkpoint %s at index %d%s%n", checkpoint.getKey(), checkpoint.getValue(),
                    roots == null ? "" : " (roots " + String.join(", ", roots) + ")");
            }
            final String clockBehind = open.clockBehind();
            if (clockBehind != null)
            {
                out.println(clockBehind);
            }
            final List<File> expired = open.expiredCycles(System.currentTimeMillis());
            out.printf("retention (%s) may delete %d cycle files now%s%n", open.context().retention(),
                expired.size(), expired.isEmpty() ? "" : ": " + expired.stream().map(File::getName).toList());
        }
        return 0;
    }
}
