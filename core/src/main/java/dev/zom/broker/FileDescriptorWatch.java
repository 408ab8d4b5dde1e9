package dev.zom.broker;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.function.LongSupplier;

/**
 * Watches the broker's open file descriptors against the process's limit: every client connection holds one (a
 * render farm's clients connect a ROUTER and a PULL socket each), and so do the journal's files and the disk
 * writers' open files. At the limit the system refuses new connections without a word to the client (it times out
 * asking whether the broker is stalled) and JeroMQ's I/O thread retries accepting them without pause, a core busy
 * until connections close. So the watch says it: at launch when the limit is low for a farm, and once each time the
 * descriptors in use cross {@value #WARN_PERCENT}% of it, and keeps both numbers as gauges for dashboards.
 */
final class FileDescriptorWatch
{
    /** A limit below this is logged at launch (the sample systemd unit sets 65536). */
    static final long LOW_LIMIT = 4096;
    /** How often the broker looks, in milliseconds: counting a process's descriptors lists them. */
    static final long PERIOD_MILLIS = 1_000;
    private static final int WARN_PERCENT = 90;
    private static final int CLEAR_PERCENT = 80;
    private static final String ROLE = "zom-files";

    private final Counters counters;
    private final ErrorLog errors;
    private final LongSupplier open;
    private final LongSupplier limit;
    private boolean warned;

    /**
     * A watch of this process, or null when the platform does not count descriptors.
     */
    static FileDescriptorWatch ofThisProcess(final Counters counters, final ErrorLog errors)
    {
        final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? new FileDescriptorWatch(counters, errors,
            unix::getOpenFileDescriptorCount, unix::getMaxFileDescriptorCount) : null;
    }

    FileDescriptorWatch(final Counters counters, final ErrorLog errors, final LongSupplier open,
        final LongSupplier limit)
    {
        this.counters = counters;
        this.errors = errors;
        this.open = open;
        this.limit = limit;
    }

    /** Takes the first look, and says so when the limit is low for a farm of clients. */
    void atLaunch()
    {
        check();
        final long allowed = limit.getAsLong();
        if (allowed < LOW_LIMIT)
        {
            errors.log(ROLE, "this process may open " + allowed + " file descriptors, and each client connection " +
                "takes one: past about " + (allowed - open.getAsLong()) + " connections new clients are refused " +
                "(raise LimitNOFILE in the broker's systemd unit, or ulimit -n, to " + LOW_LIMIT + " or more)");
        }
    }

    /**
     * Looks again: updates the gauges, and logs a crossing of the warning level either way. Counting lists
     * {@code /proc/self/fd}, which takes a descriptor itself: when none is left the JDK throws {@link InternalError},
     * and that is taken as the limit reached (uncaught it would also end the periodic task for good).
     */
    void check()
    {
        final long allowed = limit.getAsLong();
        long inUse;
        try
        {
            inUse = open.getAsLong();
        }
        catch (final InternalError noneLeft)
        {
            inUse = allowed;
        }
        counters.set(BrokerCounter.OPEN_FILES, inUse);
        counters.set(BrokerCounter.OPEN_FILES_LIMIT, allowed);
        if (!warned && inUse * 100 >= allowed * WARN_PERCENT)
        {
            warned = true;
            errors.log(ROLE, inUse + " of the " + allowed + " file descriptors this process may open are in use: " +
                "at the limit new client connections are refused (they time out) and JeroMQ's I/O thread retries " +
                "accepting them without pause; raise LimitNOFILE in the broker's systemd unit, or ulimit -n");
        }
        else if (warned && inUse * 100 < allowed * CLEAR_PERCENT)
        {
            warned = false;
            errors.log(ROLE, inUse + " of the " + allowed + " file descriptors in use: below " + CLEAR_PERCENT +
                "% again");
        }
    }
}
