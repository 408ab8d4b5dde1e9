package dev.zom.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM's heap holds after a full collection, class by class ({@code jcmd PID GC.class_histogram}): unlike the
 * heap in use, which rises and falls with garbage, two of these taken apart in time show what a long-running broker
 * keeps more of, and which classes it is.
 *
 * @param text      the histogram as {@code jcmd} printed it.
 * @param liveBytes bytes of every object live after the collection.
 * @param classes   bytes and instances by class name.
 */
record HeapHistogram(String text, long liveBytes, Map<String, Usage> classes)
{
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)", Pattern.MULTILINE);

    /**
     * The bytes and instances of one class.
     *
     * @param bytes     bytes of its live instances.
     * @param instances its live instances.
     */
    record Usage(long bytes, long instances)
    {
    }

    /**
     * Collects a JVM's heap in full and lists what is left, with the {@code jcmd} of this JVM's own JDK.
     *
     * @param pid the JVM's process id.
     * @return its histogram.
     * @throws IOException          when {@code jcmd} fails or prints no histogram.
     * @throws InterruptedException when interrupted while waiting for it.
     */
    static HeapHistogram of(final long pid) throws IOException, InterruptedException
    {
        final Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            String.valueOf(pid), "GC.class_histogram").redirectErrorStream(true).start();
        final String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0)
        {
            throw new IOException("jcmd " + pid + " GC.class_histogram failed: " + text);
        }
        return parse(text);
    }

    /**
     * Reads a histogram as {@code jcmd} prints it.
     *
     * @param text its output.
     * @return the histogram.
     * @throws IOException when the text holds no total.
     */
    static HeapHistogram parse(final String text) throws IOException
    {
        final Matcher total = TOTAL.matcher(text);
        if (!total.find())
        {
            throw new IOException("not a class histogram: " + text.lines().findFirst().orElse(""));
        }
        final Map<String, Usage> classes = new HashMap<>();
        final Matcher row = ROW.matcher(text);
        while (row.find())
        {
            classes.put(row.group(3), new Usage(Long.parseLong(row.group(2)), Long.parseLong(row.group(1))));
        }
        return new HeapHistogram(text, Long.parseLong(total.group(1)), classes);
    }

    /**
     * The classes that grew most from an earlier histogram to this one, as Markdown table rows.
     *
     * @param earlier the earlier histogram.
     * @param top     how many classes.
     * @return rows: class, bytes and instances then and now.
     */
    String growthSince(final HeapHistogram earlier, final int top)
    {
        final StringBuilder rows = new StringBuilder();
        classes.entrySet().stream()
            .sorted(Comparator.comparingLong(entry -> -grewBy(earlier, entry.getKey())))
            .limit(top)
            .forEach(entry ->
            {
                final Usage then = earlier.classes.getOrDefault(entry.getKey(), new Usage(0, 0));
                rows.append(String.format("| `%s` | %,d | %,d | %,d | %,d |%n", entry.getKey(), then.bytes(),
                    entry.getValue().bytes(), then.instances(), entry.getValue().instances()));
            });
        return rows.toString();
    }

    private long grewBy(final HeapHistogram earlier, final String name)
    {
        return classes.get(name).bytes() - earlier.classes.getOrDefault(name, new Usage(0, 0)).bytes();
    }
}
