package dev.zom.broker;

import java.util.concurrent.TimeUnit;

/**
 * Runs a system command for a test that changes the machine under a broker ({@code chattr}, {@code mount}).
 */
final class Commands
{
    private Commands()
    {
    }

    /**
     * @param command the command and its arguments.
     * @return whether it ran and exited 0 within 10 seconds.
     */
    static boolean run(final String... command)
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
