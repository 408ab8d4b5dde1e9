package dev.zom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the soak's broker kept on its heap at a minute of the run ({@link HeapHistogram}), or why that could not be
 * seen: the soak takes one a third into its load and one at its end, and reports the live heap at both and the classes
 * that grew between them.
 *
 * @param minute    minutes since the load began.
 * @param histogram the broker's class histogram, or null.
 * @param failure   why there is none, or null.
 */
record LiveHeap(double minute, HeapHistogram histogram, String failure)
{
    private static final double MIB = 1 << 20;
    private static final int TOP_CLASSES = 8;

    /**
     * Takes the broker's class histogram now.
     *
     * @param broker the broker.
     * @param start  when the load began, on {@link System#nanoTime()}.
     * @return it, or why there is none.
     * @throws InterruptedException when interrupted while waiting for {@code jcmd}.
     */
    static LiveHeap take(final ChildBroker broker, final long start) throws InterruptedException
    {
        final double minute = (System.nanoTime() - start) / 60e9;
        try
        {
            return new LiveHeap(minute, broker.liveHeap(), null);
        }
        catch (final IOException ex)
        {
            return new LiveHeap(minute, null, ex.getMessage());
        }
    }

    /**
     * The report's lines on the live heap: a bullet, and a table of the classes that grew most.
     *
     * @param first the histogram a third into the load, or null when the broker failed before.
     * @param last  the histogram at the end, or null when the broker failed before.
     * @return Markdown.
     */
    static String report(final LiveHeap first, final LiveHeap last)
    {
        if (first == null || last == null)
        {
            return "- heap live after a full collection: not seen (the broker failed before)\n";
        }
        if (first.histogram == null || last.histogram == null)
        {
            return "- heap live after a full collection: not seen (" +
                (first.failure != null ? first.failure : last.failure) + ")\n";
        }
        return String.format("- heap live after a full collection (`jcmd PID GC.class_histogram`), at minute %.1f / " +
            "%.1f: %.1f / %.1f MiB; the classes that grew most:%n%n" +
            "| class | bytes, first | bytes, last | instances, first | instances, last |%n|---|---|---|---|---|%n%s",
            first.minute, last.minute, first.histogram.liveBytes() / MIB, last.histogram.liveBytes() / MIB,
            last.histogram.growthSince(first.histogram, TOP_CLASSES));
    }

    /**
     * Writes the histogram as {@code jcmd} printed it, when there is one.
     *
     * @param heap the live heap, or null.
     * @param file where.
     * @throws IOException when it cannot be written.
     */
    static void write(final LiveHeap heap, final Path file) throws IOException
    {
        if (heap != null && heap.histogram != null)
        {
            Files.writeString(file, heap.histogram.text());
        }
    }
}
