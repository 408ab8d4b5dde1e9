package dev.zom.broker;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Mounts a small tmpfs for tests that need a second file store, when the machine allows it (root, no container
 * restrictions).
 */
final class TmpfsMount
{
    private TmpfsMount()
    {
    }

    static boolean tryMount(final Path where, final String size)
    {
        return run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", where.toString());
    }

    static void unmount(final Path where)
    {
        run("umount", "-l", where.toString());
    }

    private static boolean run(final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        }
        catch (final Exception ex)
        {
            return false;
        }
    }
}
