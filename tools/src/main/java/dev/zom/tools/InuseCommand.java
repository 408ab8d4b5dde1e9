package dev.zom.tools;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.inuse.OpenFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code zom inuse}: lists the processes that have files under a path open (Linux).
 */
@Command(name = "inuse", mixinStandardHelpOptions = true,
    description = "List the processes that have files under PATH open: pid, command, file (Linux /proc).")
final class InuseCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "A file or folder.")
    Path path;

    @Override
    public Integer call()
    {
        final List<OpenFiles.OpenFile> files;
        try
        {
            files = OpenFiles.under(path);
        }
        catch (final NoSuchFileException ex)
        {
            throw new ZomException(ErrorCode.NOT_FOUND, "no file or folder at " + path.toAbsolutePath());
        }
        for (final OpenFiles.OpenFile open : files)
        {
            spec.commandLine().getOut().printf("%d\t%s\t%s%n", open.pid(), open.command(), open.file());
        }
        return 0;
    }
}
