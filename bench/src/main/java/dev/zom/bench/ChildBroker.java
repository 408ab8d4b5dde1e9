package dev.zom.bench;

import dev.zom.client.ZomClient;
import dev.zom.tools.Zom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A broker in a JVM of its own with a small heap, 64 MiB unless told ({@code zom broker}, durability {@code batch},
 * loopback endpoints, no events, this JVM's {@code zom.broker.*} system properties as its settings), for the soak and
 * the load generator's burst: its lines kept, and sampled from outside (its counters through a client's {@code stat}, its
 * resident memory and threads from {@code /proc}).
 */
final class ChildBroker implements AutoCloseable
{
    private static final Pattern ENDPOINTS = Pattern.compile("PULL (tcp://[^,\\s]+), ROUTER (tcp://[^,\\s]+)");
    private static final Pattern WRITER_LAG = Pattern.compile("^zom_writer_lag\\{[^}]*} (\\d+)$", Pattern.MULTILINE);

    private final Process process;
    private final Queue<String> lines = new ConcurrentLinkedQueue<>();
    private final String pull;
    private final String router;
    private final ZomClient stat;
    private String lastStat = "";

    private ChildBroker(final Process process, final String pull, final String router)
    {
        this.process = process;
        this.pull = pull;
        this.router = router;
        this.stat = ZomClient.connect(router, null);
    }

    /**
     * Starts a broker with a 64 MiB heap and waits until it listens.
     *
     * @param dir its folder: roots {@code data}, journal {@code journal}.
     * @return the broker.
     * @throws IOException when it cannot be started or stops before it listens.
     */
    static ChildBroker start(final Path dir) throws IOException
    {
        return start(dir, "64m");
    }

    /**
     * Starts a broker and waits until it listens.
     *
     * @param dir  its folder: roots {@code data}, journal {@code journal}.
     * @param heap its {@code -Xmx}, e.g. {@code 64m}.
     * @return the broker.
     * @throws IOException when it cannot be started or stops before it listens.
     */
    static ChildBroker start(final Path dir, final String heap) throws IOException
    {
        return start(dir, heap, List.of(dir.resolve("data")));
    }

    /**
     * Starts a broker with the roots given and waits until it listens.
     *
     * @param dir   its folder: journal {@code journal}.
     * @param heap  its {@code -Xmx}, e.g. {@code 64m}.
     * @param roots its roots.
     * @return the broker.
     * @throws IOException when it cannot be started or stops before it listens.
     */
    static ChildBroker start(final Path dir, final String heap, final List<Path> roots) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(
            ProcessHandle.current().info().command().orElse("java"), "-Xmx" + heap));
        command.addAll(List.of(Bench.jvmFlags()));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Zom.class.getName(), "broker"));
        roots.forEach(root -> command.addAll(List.of("--root", root.toString())));
        command.addAll(List.of("--journal", dir.resolve("journal").toString(),
            "--pull", "tcp://127.0.0.1:*", "--router", "tcp://127.0.0.1:*", "--events", "off", "--durability",
            "batch", "--config", settings(dir).toString()));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8));
        final Matcher endpoints = ENDPOINTS.matcher("");
        String line;
        while ((line = out.readLine()) != null && !endpoints.reset(line).find())
        {
            System.out.println("broker: " + line);
        }
        if (line == null)
        {
            throw new IOException("the broker stopped before it listened: exit code " + waitFor(process));
        }
        final ChildBroker broker = new ChildBroker(process, endpoints.group(1), endpoints.group(2));
        final Thread reader = new Thread(() -> broker.keepLines(out), "child-broker-lines");
        reader.setDaemon(true);
        reader.start();
        return broker;
    }

    /**
     * This JVM's {@code zom.broker.*} system properties, which the broker it starts runs with.
     *
     * @return name to value, by name.
     */
    static SortedMap<String, String> settings()
    {
        final SortedMap<String, String> settings = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("zom.broker."))
            .forEach(name -> settings.put(name, System.getProperty(name)));
        return settings;
    }

    /**
     * A properties file with this JVM's {@code zom.broker.*} system properties, for the broker's {@code --config}.
     */
    private static Path settings(final Path dir) throws IOException
    {
        final Properties settings = new Properties();
        settings.putAll(settings());
        final Path file = Files.createDirectories(dir).resolve("broker.properties");
        try (Writer out = Files.newBufferedWriter(file))
        {
            settings.store(out, "zom.broker.* settings of the JVM that started this broker");
        }
        return file;
    }

    private static int waitFor(final Process process)
    {
        try
        {
            return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void keepLines(final BufferedReader out)
    {
        try
        {
            String line;
            while ((line = out.readLine()) != null)
            {
                lines.add(line);
                System.out.println("broker: " + line);
            }
        }
        catch (final IOException ended)
        {
            lines.add("(its output ended: " + ended + ")");
        }
    }

    /** @return the PULL endpoint. */
    String pull()
    {
        return pull;
    }

    /** @return the ROUTER endpoint. */
    String router()
    {
        return router;
    }

    /** @return whether the broker's process is running. */
    boolean alive()
    {
        return process.isAlive();
    }

    /** @return the counters of the last sample, as {@code zom stat} prints them. */
    String lastStat()
    {
        return lastStat;
    }

    /** @return every line the broker printed after it listened. */
    List<String> lines()
    {
        return List.copyOf(lines);
    }

    /**
     * The broker's counters and what {@code /proc} says of its process.
     *
     * @param elapsedSeconds seconds since the load began.
     * @return the sample.
     * @throws IOException when {@code /proc} cannot be read.
     */
    BrokerSample sample(final long elapsedSeconds) throws IOException
    {
        final String text = stat.stat();
        lastStat = text;
        long lag = 0;
        final Matcher writerLag = WRITER_LAG.matcher(text);
        while (writerLag.find())
        {
            lag += Long.parseLong(writerLag.group(1));
        }
        final List<String> status = Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"));
        return new BrokerSample(elapsedSeconds, ZomClient.counter(text, "zom_heap_used_bytes"),
            kibibytes(status, "VmRSS:") * 1024, kibibytes(status, "Threads:"),
            ZomClient.counter(text, "zom_open_files"), lag, ZomClient.counter(text, "zom_journaled_total"),
            ZomClient.counter(text, "zom_acked_total"), ZomClient.counter(text, "zom_conflicts_total"),
            ZomClient.counter(text, "zom_busy_total"), ZomClient.counter(text, "zom_rejected_total"),
            ZomClient.counter(text, "zom_applied_total"), ZomClient.counter(text, "zom_apply_waiting"));
    }

    /**
     * What the broker's heap holds after a full collection.
     *
     * @return its class histogram.
     * @throws IOException          when {@code jcmd} fails.
     * @throws InterruptedException when interrupted while waiting for it.
     */
    HeapHistogram liveHeap() throws IOException, InterruptedException
    {
        return HeapHistogram.of(process.pid());
    }

    private static long kibibytes(final List<String> status, final String field)
    {
        return status.stream().filter(line -> line.startsWith(field))
            .mapToLong(line -> Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]))
            .findFirst().orElse(-1);
    }

    /**
     * Stops the broker with SIGTERM, as systemd does.
     *
     * @return its exit code (143: stopped by SIGTERM, cleanly).
     * @throws InterruptedException when interrupted while waiting.
     */
    int stop() throws InterruptedException
    {
        stat.close();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close()
    {
        process.destroyForcibly();
    }
}
