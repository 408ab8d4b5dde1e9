package dev.zom.tools;

import dev.zom.replay.Replay;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code zom replay}: rebuilds or repairs trees from a journal.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Rebuild or repair Open Metadata trees from a journal, with the broker's own apply code.",
        "In place (--root, the broker's roots) or re-rooted --into DIR (/a/b goes to DIR/a/b).",
        "Refuses to write into the roots of a live broker on the same journal.",
        "Ends by syncing the file systems it wrote to (exit 1 with a message if that fails).",
        "Exit 1 when it skipped damaged journal records or the Open Metadata rules refused some (e.g. a location",
        "outside the --root given); it still applies every other one."})
final class ReplayCommand implements Callable<Integer>
{
    private static final long PROGRESS_FROM = 10_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--journal", paramLabel = "DIR", defaultValue = "zom-journal",
        description = "The journal folder (default: ${DEFAULT-VALUE}).")
    Path journal;

    @Option(names = "--root", paramLabel = "DIR", description = "A root to write under when replaying in place.")
    List<Path> roots = new ArrayList<>();

    @Option(names = "--into", paramLabel = "DIR", description = "Re-root every location into this folder.")
    Path into;

    @Mixin
    RangeOptions range;

    @Option(names = "--dry-run", description = "Print what would be written; write nothing.")
    boolean dryRun;

    @Override
    public Integer call()
    {
        final Replay replay = new Replay(new Replay.Options(journal.toAbsolutePath(),
            roots.stream().map(p -> p.toAbsolutePath().normalize()).toList(), into, range.range(), dryRun));
        final PrintWriter out = spec.commandLine().getOut();
        final long total = replay.count();
        final long start = System.nanoTime();
        final Replay.Summary summary;
        if (total >= PROGRESS_FROM && !dryRun)
        {
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("replay").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).showSpeed().setUnit(" entries", 1).build())
            {
                summary = replay.run(bar::stepTo, out);
            }
        }
        else
        {
            summary = replay.run(done -> { }, out);
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("%s: read %d records, %d matched, %d %s, %d coalesced, %d damaged skipped, %d refused, " +
            "in %.1f s (%.0f records/s)%s%n", dryRun ? "dry run" : "replayed", summary.read(), summary.matched(),
            summary.written(), dryRun ? "would be written" : "written", summary.coalesced(), summary.damaged(),
            summary.refused(), seconds, summary.read() / Math.max(seconds, 1e-9),
            summary.synced() ? "; synced to disk" : "");
        if (summary.damaged() > 0)
        {
            spec.commandLine().getErr().println("zom: " + summary.damaged() + " damaged journal records skipped: " +
                "their writes are not in the tree (listed above; `zom journal dump` shows the records around them)");
        }
        if (summary.refused() > 0)
        {
            spec.commandLine().getErr().println("zom: " + summary.refused() + " journaled writes refused: their " +
                "writes are not in the tree (the first are named above; to replay only some locations in place, " +
                "give every root they are under, or --under LOCATION)");
        }
        return summary.damaged() > 0 || summary.refused() > 0 ? 1 : 0;
    }
}
