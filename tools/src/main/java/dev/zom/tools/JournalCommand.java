package dev.zom.tools;

import dev.zom.journal.Journal;
import dev.zom.replay.JournalEntries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code zom journal}: offline tools on a journal folder ({@code dump}, {@code verify}, {@code stat}).
 */
@Command(name = "journal", mixinStandardHelpOptions = true,
    description = "Inspect a journal: dump its entries, verify every record, or print its state.",
    subcommands = {JournalDumpCommand.class, JournalVerifyCommand.class, JournalStatCommand.class})
final class JournalCommand
{
    /**
     * The {@code --journal DIR} option of the journal subcommands.
     */
    static final class JournalOption
    {
        @Option(names = "--journal", paramLabel = "DIR", defaultValue = "zom-journal",
            description = "The journal folder (default: ${DEFAULT-VALUE}).")
        Path directory;

        Journal open()
        {
            return JournalEntries.openExisting(directory);
        }
    }
}
