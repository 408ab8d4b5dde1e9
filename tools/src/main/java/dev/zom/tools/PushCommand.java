package dev.zom.tools;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.stage.PushListener;
import dev.zom.stage.PushReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code zom push}: sends everything staged to the broker and removes what it acknowledged.
 */
@Command(name = "push", mixinStandardHelpOptions = true,
    description = {"Send every staged write to the broker as an acknowledged write.",
        "Each leaves the stage only once acknowledged. Refused writes move to the stage's rejected area; if the",
        "broker is down the rest stays staged.",
        "Exit 1 when anything was rejected or left staged."})
final class PushCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Mixin
    PushOptions options;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PushReport report = options.push().run(new PushListener()
        {
            @Override
            public void rejected(final Path ticket, final String reason)
            {
                out.println("rejected: " + reason);
            }
        });
        report.conflicts().forEach(conflict -> out.println(conflict.describe()));
        out.println(report.summary());
        if (!report.complete())
        {
            throw new ZomException(ErrorCode.UNAVAILABLE, "push stopped, " + report.left() +
                " writes still staged (push again later): " + report.error());
        }
        if (report.rejected() > 0)
        {
            throw new ZomException(ErrorCode.BAD_VALUE, report.rejected() + " writes rejected; they and their " +
                "reasons are in " + options.stage.layout().rejected());
        }
        return 0;
    }
}
