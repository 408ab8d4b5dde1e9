package dev.zom.tools;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.lock.LockFile;
import dev.zom.lock.LockFiles;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code zom lock}: holds an entry's lock until interrupted (for scripts), renewing its lease; or lists the locks
 * under a root.
 */
@Command(name = "lock", mixinStandardHelpOptions = true,
    description = {"Hold the lock of LOCATION METAPATH until Ctrl-C or SIGTERM, renewing its lease.",
        "With --list ROOT: list the lock files under ROOT, held or stale."})
final class LockCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--lease", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
        description = "How long the lock holds without a heartbeat: 5s, 500ms, 1.5 (seconds). " +
            "Default ${DEFAULT-VALUE}.")
    Duration lease;

    @Option(names = "--list", paramLabel = "ROOT", description = "List the locks under ROOT instead.")
    Path list;

    @Parameters(arity = "0..2", paramLabel = "LOCATION METAPATH", description = "The entry to lock.")
    List<String> entry = new ArrayList<>();

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        if (list != null)
        {
            for (final LockFiles.Lock lock : LockFiles.under(list.toAbsolutePath()))
            {
                out.printf("%s\t%s\t%s%n", lock.held() ? "held" : "stale", lock.file(), lock.owner());
            }
            return 0;
        }
        if (entry.size() != 2)
        {
            throw new ParameterException(spec.commandLine(), "give LOCATION METAPATH, or --list ROOT");
        }
        final Path location = Path.of(ValueArgument.absolute(entry.get(0)));
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            LockFile lock = LockFile.tryAcquire(location, entry.get(1), "zom lock", lease).orElseThrow(() ->
                new ZomException(ErrorCode.UNAVAILABLE, "lock held by another writer: " +
                    LockFile.pathOf(location, entry.get(1))));
            Heartbeat heartbeat = new Heartbeat(lock))
        {
            out.println("locked " + lock.file() + " (lease " + lease.toMillis() + " ms, heartbeat every " +
                heartbeat.periodMillis() + " ms); Ctrl-C releases it");
            out.flush();
            barrier.await();
            out.println("released " + lock.file());
            out.flush();
        }
        return 0;
    }

    /**
     * Renews a lock's lease three times per lease on its own thread.
     */
    private static final class Heartbeat implements AutoCloseable
    {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread thread = new Thread(r, "zom-lock-heartbeat");
            thread.setDaemon(true);
            return thread;
        });

        private final long periodMillis;

        Heartbeat(final LockFile lock)
        {
            periodMillis = Math.max(1, lock.lease().toMillis() / 3);
            timer.scheduleAtFixedRate(lock::renew, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        }

        long periodMillis()
        {
            return periodMillis;
        }

        @Override
        public void close()
        {
            timer.shutdownNow();
        }
    }
}
