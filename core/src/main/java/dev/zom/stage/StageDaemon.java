package dev.zom.stage;

import dev.zom.ErrorCode;
import dev.zom.ProcessLock;
import dev.zom.ZomException;
import dev.zom.client.ZomClient;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Pushes a stage by itself: once commits have been quiet for a threshold, everything staged goes to the broker as
 * one batch; a producer that never pauses is still pushed every maximum delay; a broker that is down is retried
 * with a doubling back-off. It polls the ticket segments' count and sizes, which works on local and network file
 * systems alike, and keeps no state but the stage itself, so it picks up where
 * it was after a restart. One daemon per stage (a {@link ProcessLock}); it reports what it does in
 * {@code .zom-stage/daemon.status}.
 */
public final class StageDaemon implements AutoCloseable
{
    static final String PID = "pid";
    static final String STATE = "state";
    static final String SINCE = "since";
    static final String LAST_PUSH = "last.push";
    static final String LAST_ERROR = "last.error";
    static final String STOPPED = "stopped";
    private static final long MIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_POLL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long FIRST_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long NONE = Long.MIN_VALUE;

    private final StageLayout layout;
    private final StagePush push;
    private final long quietNanos;
    private final long maxDelayNanos;
    private final long pollNanos;
    private final Consumer<String> log;
    private final ProcessLock lock;
    private final Thread thread;
    private final Properties status = new Properties();
    private volatile boolean running = true;
    private volatile long pushes;
    private volatile PushReport lastReport;

    private StageDaemon(
        final StageLayout layout,
        final String routerEndpoint,
        final Duration quiet,
        final Duration maxDelay,
        final int timeoutMillis,
        final Consumer<String> log) throws IOException
    {
        this.layout = layout;
        this.push = new StagePush(layout, routerEndpoint, timeoutMillis);
        this.quietNanos = quiet.toNanos();
        this.maxDelayNanos = maxDelay.toNanos();
        this.pollNanos = Math.max(MIN_POLL_NANOS, Math.min(MAX_POLL_NANOS, Math.min(quietNanos, maxDelayNanos) / 10));
        this.log = log;
        Files.createDirectories(layout.tickets());
        lock = ProcessLock.tryAcquire(layout.daemonLock(), "pid=" + ProcessHandle.current().pid());
        if (lock == null)
        {
            throw alreadyRuns(layout);
        }
        status.setProperty(PID, Long.toString(ProcessHandle.current().pid()));
        status.setProperty(SINCE, Instant.now().toString());
        thread = new Thread(this::run, "zom-stage-daemon");
    }

    private static ZomException alreadyRuns(final StageLayout layout)
    {
        return new ZomException(ErrorCode.UNAVAILABLE, "a stage daemon already runs for " + layout.root() + " (pid " +
            StageStatus.of(layout).daemon().getProperty(PID, "unknown") + ")");
    }

    /**
     * Starts a daemon on a stage.
     *
     * @param layout         the stage.
     * @param routerEndpoint the broker's ROUTER endpoint.
     * @param quiet          push once no commit came for this long.
     * @param maxDelay       push at the latest this long after the first commit not yet pushed.
     * @param timeoutMillis  how long a push waits for a reply before it counts the broker as down.
     * @param log            told of each push and failure, one line each.
     * @return the running daemon.
     * @throws ZomException when another daemon runs on the stage.
     * @throws IllegalArgumentException when the endpoint is not one (a broker that is down is retried instead).
     */
    public static StageDaemon start(
        final StageLayout layout,
        final String routerEndpoint,
        final Duration quiet,
        final Duration maxDelay,
        final int timeoutMillis,
        final Consumer<String> log)
    {
        if (quiet.isNegative() || quiet.isZero() || maxDelay.isNegative() || maxDelay.isZero())
        {
            throw new ZomException(ErrorCode.BAD_VALUE, "quiet and max delay must be positive, got quiet=" + quiet +
                " max delay=" + maxDelay);
        }
        refuseMalformed(routerEndpoint);
        try
        {
            final StageDaemon daemon = new StageDaemon(layout, routerEndpoint, quiet, maxDelay, timeoutMillis, log);
            daemon.state("watching");
            daemon.thread.start();
            return daemon;
        }
        catch (final IOException ex)
        {
            throw new ZomException(ErrorCode.STORAGE, "cannot start a stage daemon on " + layout.root() + ": " + ex);
        }
    }

    /**
     * Refuses at start an endpoint that is not one (a typo would otherwise surface only at the first push, in the
     * daemon's thread); a broker host that does not resolve now may later, and is retried like a broker that is down.
     */
    private static void refuseMalformed(final String routerEndpoint)
    {
        try
        {
            ZomClient.connect(routerEndpoint, null).close();
        }
        catch (final ZomException unreachableForNow)
        {
            // pushes retry it with their back-off
        }
    }

    private void run()
    {
        long lastFingerprint = StageStatus.fingerprint(layout);
        long lastChange = System.nanoTime();
        long pendingSince = StageStatus.countTickets(layout) > 0 ? lastChange : NONE;
        long retryAt = NONE;
        long backoff = FIRST_BACKOFF_NANOS;
        while (running)
        {
            final long now = System.nanoTime();
            final long fingerprint = StageStatus.fingerprint(layout);
            if (fingerprint != lastFingerprint)
            {
                lastFingerprint = fingerprint;
                lastChange = now;
                pendingSince = pendingSince == NONE ? now : pendingSince;
            }
            if (pendingSince != NONE && (retryAt == NONE || now - retryAt >= 0) &&
                (now - lastChange >= quietNanos || now - pendingSince >= maxDelayNanos))
            {
                final PushReport report = pushNow();
                lastFingerprint = StageStatus.fingerprint(layout);
                final long after = System.nanoTime();
                if (report.complete())
                {
                    retryAt = NONE;
                    backoff = FIRST_BACKOFF_NANOS;
                    pendingSince = report.left() == 0 ? NONE : after;
                    lastChange = after;
                }
                else
                {
                    retryAt = after + backoff;
                    log.accept("stage-daemon: will push again in " + TimeUnit.NANOSECONDS.toMillis(backoff) + " ms");
                    backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
                }
            }
            if (running)
            {
                LockSupport.parkNanos(this, pollNanos);
            }
        }
    }

    private PushReport pushNow()
    {
        state("pushing");
        final PushReport report = pushOrFail();
        for (final PushReport.Conflict conflict : report.conflicts())
        {
            log.accept("stage-daemon: " + conflict.describe());
        }
        log.accept("stage-daemon: " + report.summary());
        status.setProperty(LAST_PUSH, Instant.now() + " " + report.summary());
        if (report.complete())
        {
            status.remove(LAST_ERROR);
            state("watching");
        }
        else
        {
            status.setProperty(LAST_ERROR, Instant.now() + " " + report.error());
            state("waiting for the broker");
        }
        lastReport = report;
        pushes++;
        return report;
    }

    /**
     * One push; anything it throws is a push stopped by that error, reported and retried with the back-off like a
     * broker that is down: the daemon's thread must not die while the process goes on looking alive.
     */
    private PushReport pushOrFail()
    {
        final long start = System.nanoTime();
        try
        {
            return push.run(new PushListener()
            {
                @Override
                public void rejected(final Path ticket, final String reason)
                {
                    log.accept("stage-daemon: rejected " + reason);
                }
            });
        }
        catch (final RuntimeException ex)
        {
            return new PushReport(0, 0, 0, 0, StageStatus.countTickets(layout), List.of(), ex.toString(), start,
                System.nanoTime() - start);
        }
    }

    private void state(final String state)
    {
        status.setProperty(STATE, state);
        final Path temp = layout.daemonStatus().resolveSibling("daemon.status.tmp");
        try (Writer out = Files.newBufferedWriter(temp))
        {
            status.store(out, "zom stage-daemon");
        }
        catch (final IOException ex)
        {
            log.accept("stage-daemon: cannot write " + layout.daemonStatus() + ": " + ex);
            return;
        }
        try
        {
            Files.move(temp, layout.daemonStatus(), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            log.accept("stage-daemon: cannot write " + layout.daemonStatus() + ": " + ex);
        }
    }

    /**
     * How many pushes the daemon has made (complete or not); the status file already tells of each one counted.
     *
     * @return the count.
     */
    public long pushes()
    {
        return pushes;
    }

    /**
     * The last push's report.
     *
     * @return the report, or null before the first push.
     */
    public PushReport lastReport()
    {
        return lastReport;
    }

    /**
     * Stops watching after any push under way, and releases the stage.
     */
    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        state(STOPPED);
        try
        {
            lock.close();
        }
        catch (final IOException ex)
        {
            log.accept("stage-daemon: cannot release " + layout.daemonLock() + ": " + ex);
        }
    }
}
