package dev.zom;

import com.sun.management.ThreadMXBean;

import java.lang.management.ManagementFactory;

/**
 * What a piece of work allocates on the calling thread, from the JVM's per-thread allocation counter: how tests show
 * that a hot path, once warm, allocates nothing.
 */
public final class Allocations
{
    private static final ThreadMXBean THREADS = (ThreadMXBean)ManagementFactory.getThreadMXBean();

    private Allocations()
    {
    }

    /**
     * Runs the work and counts what the calling thread allocated meanwhile.
     *
     * @param work the work.
     * @return bytes allocated.
     */
    public static long bytesAllocatedBy(final Runnable work)
    {
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        work.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
