package dev.zom.tools;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code zom} in a separate JVM, with this test JVM's flags and class path, for tests that need a real
 * process (signals, kill -9, output flushed at exit).
 */
final class ZomProcess
{
    private ZomProcess()
    {
    }

    static List<String> command(final String... args)
    {
        return command(List.of(), args);
    }

    /**
     * The command with JVM flags of its own, e.g. {@code -Xmx64m}.
     */
    static List<String> command(final List<String> jvmFlags, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmFlags);
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(arg -> arg.startsWith("--add-") || arg.startsWith("-D")).toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Zom.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    static Process start(final String... args) throws IOException
    {
        return new ProcessBuilder(command(args)).redirectErrorStream(true).start();
    }
}
