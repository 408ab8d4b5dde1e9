package dev.zom.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where the CPU of one load generator phase went, by the role of the thread that used it (the broker and its clients
 * run in this JVM). A sampler thread reads every thread's CPU time (user + system) every {@link #PERIOD_MILLIS}, so
 * a thread that ends during the phase (a client, a closed broker's threads) is counted up to its last sample; the
 * process's own CPU time is the total, and what no role claims (JIT, GC, the sampler, the lost tail of ended
 * threads) is {@link Role#REST}.
 */
final class ThreadCpu
{
    /** What a thread does in a phase, from its name. */
    enum Role
    {
        /** Writing clients: {@code zom-client}, {@code raw-dealer}, and the main thread (the PUSH sender). */
        CLIENTS("clients"),
        /** JeroMQ's I/O threads, of the clients and of the broker (they share a name). */
        ZEROMQ_IO("ZeroMQ I/O"),
        /** The broker's ingress, or the raw ceilings' receiving thread. */
        INGRESS("ingress / raw receiver"),
        /** The ring's handlers: journal, group commit, acker (and the floors' appending handler and syncer). */
        RING("ring"),
        /** The disk writers. */
        WRITER("disk writer"),
        /** Everything else: JIT compilers, GC, the sampler, ended threads' last moments. */
        REST("rest (JIT, GC, …)");

        private final String label;

        Role(final String label)
        {
            this.label = label;
        }

        String label()
        {
            return label;
        }

        static Role of(final String threadName)
        {
            if (threadName.startsWith("zom-client") || threadName.startsWith("raw-dealer") || "main".equals(threadName))
            {
                return CLIENTS;
            }
            if (threadName.startsWith("iothread"))
            {
                return ZEROMQ_IO;
            }
            if (threadName.startsWith("zom-ingress") || threadName.startsWith("raw-pull") ||
                threadName.startsWith("raw-router"))
            {
                return INGRESS;
            }
            if (threadName.startsWith("zom-ring") || threadName.startsWith("raw-ring"))
            {
                return RING;
            }
            return threadName.startsWith("zom-writer") ? WRITER : REST;
        }
    }

    private static final long PERIOD_MILLIS = 10;

    private final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
    private final OperatingSystemMXBean process =
        (OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
    private final Map<Long, Seen> seen = new HashMap<>();
    private final Thread sampler;
    private final long processStart;
    private volatile boolean running = true;
    private long processNanos;

    private ThreadCpu()
    {
        processStart = process.getProcessCpuTime();
        sample(false);
        sampler = new Thread(this::run, "cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /**
     * Starts sampling.
     *
     * @return the sampler; stop it when the phase ends.
     */
    static ThreadCpu start()
    {
        return new ThreadCpu();
    }

    private void run()
    {
        while (running)
        {
            sample(true);
            try
            {
                TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }

    /**
     * Reads every thread's CPU time; a thread first seen after the baseline was born in the phase and counts whole.
     */
    private synchronized void sample(final boolean afterBaseline)
    {
        final long[] ids = threads.getAllThreadIds();
        final long[] cpu = threads.getThreadCpuTime(ids);
        for (int i = 0; i < ids.length; i++)
        {
            final Seen thread = seen.get(ids[i]);
            if (thread != null)
            {
                thread.last = Math.max(thread.last, cpu[i]);
                continue;
            }
            final ThreadInfo info = threads.getThreadInfo(ids[i]);
            if (cpu[i] >= 0 && info != null)
            {
                seen.put(ids[i], new Seen(Role.of(info.getThreadName()), afterBaseline ? 0 : cpu[i], cpu[i]));
            }
        }
    }

    /**
     * Takes the last sample and stops.
     *
     * @throws InterruptedException when interrupted while the sampler ends.
     */
    void stop() throws InterruptedException
    {
        running = false;
        sampler.interrupt();
        sampler.join();
        sample(true);
        processNanos = process.getProcessCpuTime() - processStart;
    }

    /**
     * CPU per unit of work, by role, after {@link #stop()}.
     *
     * @param units the writes (or messages) of the phase.
     * @return microseconds per unit, indexed by {@link Role#ordinal()}; {@link Role#REST} is what the process used
     *         beyond the other roles, so the elements add up to the process's CPU per unit.
     */
    synchronized double[] microsPer(final long units)
    {
        final double[] micros = new double[Role.values().length];
        double claimed = 0;
        for (final Seen thread : seen.values())
        {
            final double used = (thread.last - thread.first) / 1e3 / units;
            if (thread.role != Role.REST)
            {
                micros[thread.role.ordinal()] += used;
                claimed += used;
            }
        }
        micros[Role.REST.ordinal()] = Math.max(0, processNanos / 1e3 / units - claimed);
        return micros;
    }

    /** One thread's role and its CPU time at its first and last sample. */
    private static final class Seen
    {
        private final Role role;
        private final long first;
        private long last;

        Seen(final Role role, final long first, final long last)
        {
            this.role = role;
            this.first = first;
            this.last = last;
        }
    }
}
