package dev.zom.tools;

import dev.zom.ZomException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code zom} command: writes, reads and lists Open Metadata. Exit codes: 0 success, 2 usage error, 1 anything
 * else, each failure with a one-line message on standard error.
 */
@Command(
    name = "zom",
    mixinStandardHelpOptions = true,
    versionProvider = Zom.Version.class,
    description = "Zero Open Metadata: write, read and list Open Metadata without losing a write.",
    subcommands = {BrokerCommand.class, WriteCommand.class, ReadCommand.class, LsCommand.class, StatCommand.class,
        ReplayCommand.class, JournalCommand.class, HistoryCommand.class, RestoreCommand.class, InuseCommand.class,
        LockCommand.class, CommitCommand.class, PushCommand.class, StageDaemonCommand.class,
        CommandLine.HelpCommand.class})
public final class Zom
{
    private Zom()
    {
    }

    /**
     * Runs the command and exits with its code.
     *
     * @param args the arguments.
     */
    public static void main(final String[] args)
    {
        final CommandLine cli = commandLine();
        final int code = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        System.exit(code);
    }

    /**
     * The configured command line, for {@link #main} and for tests.
     *
     * @return a new command line.
     */
    public static CommandLine commandLine()
    {
        final CommandLine cli = new CommandLine(new Zom());
        cli.setParameterExceptionHandler((ex, args) -> usageError(ex));
        cli.setExecutionExceptionHandler((ex, failed, parsed) ->
        {
            if (ex instanceof CommandLine.ParameterException usage)
            {
                return usageError(usage);
            }
            final boolean explained = ex instanceof ZomException || ex instanceof IllegalArgumentException;
            failed.getErr().println("zom: " + (explained ? ex.getMessage() : ex.toString()));
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli;
    }

    private static int usageError(final CommandLine.ParameterException ex)
    {
        final CommandLine failed = ex.getCommandLine();
        failed.getErr().println("zom: " + ex.getMessage() + " (try: " + failed.getCommandSpec().qualifiedName() +
            " --help)");
        return CommandLine.ExitCode.USAGE;
    }

    /**
     * The version from the jar's manifest, or "dev" when run from classes.
     */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            final String version = Zom.class.getPackage().getImplementationVersion();
            return new String[] {"zom " + (version == null ? "dev" : version)};
        }
    }
}
