package dev.zom;

import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM running a main class from the test class path, for tests that kill a real process. It gets this
 * JVM's module flags and {@code -D} flags, and its {@code zom.broker.*} system properties (surefire sets those given
 * to Maven inside the test JVM, not as flags).
 */
public final class ChildJvm implements AutoCloseable
{
    private final Process process;
    private final BufferedReader out;
    private final StringBuilder transcript = new StringBuilder();

    private ChildJvm(final Process process)
    {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    public static ChildJvm start(final Class<?> main, final String... args) throws IOException
    {
        return start(List.of(), main, args);
    }

    /**
     * A child with JVM flags of its own, e.g. {@code -Xmx64m}.
     */
    public static ChildJvm start(final List<String> jvmFlags, final Class<?> main, final String... args)
        throws IOException
    {
        return start(jvmFlags, Map.of(), false, main, args);
    }

    /**
     * A child whose standard error comes on its standard output, for a test that reads what the broker logs.
     */
    public static ChildJvm startReadingErrors(final Class<?> main, final String... args) throws IOException
    {
        return start(List.of(), Map.of(), true, main, args);
    }

    /**
     * A child with environment variables of its own (e.g. {@code LD_PRELOAD}), whose standard error comes on its
     * standard output.
     */
    public static ChildJvm startReadingErrors(
        final Map<String, String> environment, final Class<?> main, final String... args) throws IOException
    {
        return start(List.of(), environment, true, main, args);
    }

    private static ChildJvm start(final List<String> jvmFlags, final Map<String, String> environment,
        final boolean readErrors, final Class<?> main, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmFlags);
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(arg -> arg.startsWith("--add-") || arg.startsWith("-D")).toList());
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("zom.broker."))
            .sorted().forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return new ChildJvm((readErrors ? builder.redirectErrorStream(true)
            : builder.redirectError(ProcessBuilder.Redirect.INHERIT)).start());
    }

    /**
     * Waits for a line on the child's standard output.
     */
    public String readLine(final long timeoutMillis) throws Exception
    {
        return CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return out.readLine();
            }
            catch (final IOException ex)
            {
                return null;
            }
        }).get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * The next line the child prints that holds this text, waiting up to a minute for each line; every line read so
     * is kept for {@link #transcript()}.
     *
     * @param text the text.
     * @return the line.
     * @throws Exception when the output ends or stays silent for a minute first.
     */
    public String lineContaining(final String text) throws Exception
    {
        String line;
        do
        {
            line = readLine(60_000);
            if (line == null)
            {
                throw new AssertionError("the child's output ended before a line containing " + text + ":\n" +
                    transcript);
            }
            transcript.append(line).append('\n');
        }
        while (!line.contains(text));
        return line;
    }

    /**
     * Every line {@link #lineContaining} read, then the lines still to come (each waited for up to a second), for a
     * failure's message.
     *
     * @return the lines.
     */
    public String transcript()
    {
        try
        {
            for (String line = readLine(1_000); line != null; line = readLine(1_000))
            {
                transcript.append(line).append('\n');
            }
        }
        catch (final Exception quiet)
        {
            transcript.append("(nothing more)");
        }
        return transcript.toString();
    }

    /**
     * Kills the child with SIGKILL (what {@code kill -9} sends) and waits for it to be gone.
     */
    public void kill9()
    {
        process.destroyForcibly();
        try
        {
            process.waitFor(30, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Prints the child's threads (JDK's {@code jcmd PID Thread.print}) to this JVM's standard error, for a test that
     * is about to give up on it; a failure to do so is printed too, never thrown.
     */
    public void printThreads()
    {
        try
        {
            final Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(process.pid()), "Thread.print").redirectErrorStream(true).start();
            System.err.write(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor(30, TimeUnit.SECONDS);
        }
        catch (final IOException | InterruptedException ex)
        {
            System.err.println("cannot print the child's threads: " + ex);
        }
    }

    /**
     * Sends the child a signal with {@code kill}, e.g. {@code STOP} to freeze it as a stalled machine would and
     * {@code CONT} to let it go on.
     *
     * @param name the signal's name.
     * @throws Exception when {@code kill} fails.
     */
    public void signal(final String name) throws Exception
    {
        final Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0)
        {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /**
     * @return the child's process id.
     */
    public long pid()
    {
        return process.pid();
    }

    /**
     * @return whether the child is still running.
     */
    public boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Waits for the child to exit by itself.
     *
     * @param timeoutMillis how long to wait.
     * @return its exit code.
     * @throws Exception when it does not exit in time.
     */
    public int waitFor(final long timeoutMillis) throws Exception
    {
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS))
        {
            throw new AssertionError("child did not exit within " + timeoutMillis + " ms");
        }
        return process.exitValue();
    }

    @Override
    public void close()
    {
        kill9();
    }
}
