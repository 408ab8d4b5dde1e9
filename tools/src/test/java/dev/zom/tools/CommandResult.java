package dev.zom.tools;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The exit code and the captured output of one {@code zom} invocation, run in-process.
 *
 * @param exitCode the exit code.
 * @param out      standard output.
 * @param err      standard error.
 */
record CommandResult(int exitCode, String out, String err)
{
    static CommandResult run(final String... args)
    {
        final CommandLine cli = Zom.commandLine();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        final int code = cli.execute(args);
        return new CommandResult(code, out.toString(), err.toString());
    }
}
