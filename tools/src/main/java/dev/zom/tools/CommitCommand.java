package dev.zom.tools;

import dev.zom.format.OmType;
import dev.zom.stage.Stage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code zom commit}: stages one write locally, at disk speed, for a later {@code zom push}.
 */
@Command(name = "commit", mixinStandardHelpOptions = true,
    description = {"Stage a write in the local metastage; `zom push` (or `zom stage-daemon`) sends it to the broker.",
        "A later commit to the same entry replaces the staged value unless --keep-history is given.",
        "VALUE is JSON when it parses (42, 1.5, true, [1, 2], \"x\", null), otherwise a string."})
final class CommitCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Mixin
    StageOption stage;

    @Mixin
    EntryArguments entry;

    @Parameters(index = "2", paramLabel = "VALUE", description = "The value.")
    String value;

    @Option(names = "--type", converter = OmTypeConverter.class,
        description = "Force the type (suffix): bool, int, float, string, text, tuple, null, date.")
    OmType type;

    @Option(names = "--priority", paramLabel = "N", defaultValue = "0",
        description = "The write's priority when it meets another client's write (default 0).")
    short priority;

    @Option(names = "--keep-history", description = "Push this value even if the entry is committed again first.")
    boolean keepHistory;

    @Override
    public Integer call()
    {
        try (Stage staged = Stage.open(stage.layout().root()))
        {
            final Path file = staged.priority(priority).commit(entry.absoluteLocation(), entry.metapath,
                ValueArgument.parse(value, type), keepHistory);
            spec.commandLine().getOut().println("staged " + file);
        }
        return 0;
    }
}
