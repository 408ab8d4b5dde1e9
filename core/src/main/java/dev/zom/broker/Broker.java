package dev.zom.broker;

import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.zom.journal.Journal;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.RequestValidator;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochClock;
import org.zeromq.ZContext;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The zom broker: {@code launch} it with a {@link BrokerContext} and close it to stop. Writes arrive on a PULL
 * socket (fire-and-forget) and a ROUTER socket (acknowledged), pass through a Disruptor ring where the journal
 * handler journals them (in mode {@code batch} the group commit stage then syncs them while the next are appended)
 * before the ack handler lets the ingress acknowledge them, and are applied to the trees by one disk writer per file
 * store, tailing the journal.
 *
 * <p>Embedded use: {@code Broker.launch(BrokerContext.embedded(dir))} in a render process, then connect a
 * {@code ZomClient} to {@link #routerEndpoint()}. Run the JVM with the flags in the README (they include
 * {@code -Dchronicle.analytics.disable=true}). Thread-safe.
 */
public final class Broker implements AutoCloseable
{
    private static final long SHUTDOWN_MILLIS = 10_000;
    private static final ThreadMXBean THREAD_CPU = ManagementFactory.getThreadMXBean();

    private final BrokerContext context;
    private final Counters counters = new Counters();
    private final ErrorLog errors = new ErrorLog(System.err);
    private final List<DiskWriter> writers = new ArrayList<>();
    private final List<AgentRunner> writerRunners = new ArrayList<>();
    private final AtomicLong ringErrors = new AtomicLong();
    private final RingThreads ringThreads = new RingThreads();
    private Journal journal;
    private ZContext zmq;
    private Disruptor<WriteEvent> disruptor;
    private AckHandler ackHandler;
    private IngressWakeup wakeup;
    private BrokerLock lock;
    private RootClaims claims;
    private IngressAgent ingress;
    private QueryRouter queries;
    private AgentRunner ingressRunner;
    private MetricsServer metrics;
    private ScheduledExecutorService maintenance;
    private boolean closed;

    private Broker(final BrokerContext context)
    {
        this.context = context;
    }

    /**
     * Starts a broker: opens the journal, starts the ring and the ingress, then the disk writers (which resume from
     * their checkpoints; started last so a large backlog does not compete with the broker's own start). A failure
     * closes whatever was started and rethrows.
     *
     * @param context the configuration; concluded here.
     * @return the running broker.
     */
    public static Broker launch(final BrokerContext context)
    {
        PreloadedClasses.ensureLoaded();
        final Broker broker = new Broker(context.conclude());
        try
        {
            broker.start();
            return broker;
        }
        catch (final RuntimeException ex)
        {
            broker.close();
            throw ex;
        }
    }

    private void start()
    {
        lock = BrokerLock.acquire(context.journalDirectory(), context.roots());
        final String inMemory = JournalFileSystem.check(context.journalDirectory(), context.durability());
        if (inMemory != null)
        {
            errors.log("zom-journal", inMemory);
        }
        claims = RootClaims.claim(context.roots(), context.journalDirectory());
        if (claims.unclaimed() != null)
        {
            errors.log("zom-roots", claims.unclaimed());
        }
        journal = Journal.open(context.journalContext());
        if (journal.repaired() != null)
        {
            errors.log("zom-journal", journal.repaired());
        }
        final JournalClockWatch clock = new JournalClockWatch(journal, errors);
        clock.check();
        final Stores stores = new Stores(context.roots(), context.storeNames());
        WriterCheckpoints.prepare(journal, stores, errors);
        final int maxRecord = JournalRecord.HEADER_LENGTH + context.maxRequestLength();
        final Map<Stores.Store, WriterProgress> progress = new HashMap<>();
        for (final Stores.Store store : stores.all())
        {
            final WriterRest rest = new WriterRest(context.writerRest(), counters, THREAD_CPU::getCurrentThreadCpuTime);
            progress.put(store, new WriterProgress(journal.checkpoint(store.checkpointName()).get()));
            final DiskWriter writer = new DiskWriter(stores, store, journal, counters, errors, context.writerBatch(),
                context.writerNice(), rest, maxRecord, progress.get(store), context.writerSyncMillis());
            writers.add(writer);
            writerRunners.add(new AgentRunner(new SleepingMillisIdleStrategy(1), this::agentError, null, writer));
        }
        final ReplyQueue replies = new ReplyQueue(ReplyQueue.capacityFor(context.ringSize(), context.maxBatch()));
        wakeup = new IngressWakeup();
        final AtomicLong durableSequence = new AtomicLong(-1);
        ackHandler = new AckHandler(replies, counters, new BackoffIdleStrategy(1, 1, 1_000, 100_000), wakeup,
            durableSequence);
        disruptor = new Disruptor<>(() -> new WriteEvent(context.maxRequestLength()), context.ringSize(),
            ringThreads, ProducerType.SINGLE, new BlockingBackoffWaitStrategy());
        disruptor.setDefaultExceptionHandler(new RingExceptionHandler());
        final RetryWindows retryWindows = new RetryWindows(context.dedupWindow(), maxRecord,
            context.dedupMaxClients(), TimeUnit.MINUTES.toMillis(context.dedupExpiryMinutes()),
            context.dedupAfterByeMillis());
        final Arbiter arbiter = new Arbiter(retryWindows, context.conflictWindowMillis(), context.maxPriority(),
            context.conflictTableSize(), context.historyOfEveryOverwrite());
        RingStages.wire(disruptor, journal, new JournalHandler(journal, arbiter, counters, SystemEpochClock.INSTANCE,
            durableSequence, new JournalSpace(context.journalDirectory(), context.journalReserveBytes(), errors)),
            durableSequence, counters, errors, ackHandler, context.syncNice());
        final RingBuffer<WriteEvent> ring = disruptor.start();
        zmq = new ZContext(1);
        zmq.setUncaughtExceptionHandler((thread, error) -> agentError(error));
        queries = new QueryRouter(context.roots(), stores, (name, store) -> new QueryThread(name,
            context.maxRequestLength(), () -> new Queries(journal, stores, progress,
            new RequestValidator(context.roots(), context.maxRequestLength()), this::statText, counters, maxRecord,
            new StoreLocations(context.roots(), stores, store)), wakeup, counters, this::agentError));
        ingress = new IngressAgent(zmq, context, ring, replies, counters,
            new BackoffIdleStrategy(1, 1, 1_000, 200_000), wakeup, queries, retryWindows.byes(),
            new ConnectionWatch(counters, errors));
        queries.start();
        ingressRunner = new AgentRunner(NoOpIdleStrategy.INSTANCE, this::agentError, null, ingress);
        AgentRunner.startOnThread(ingressRunner);
        writerRunners.forEach(AgentRunner::startOnThread);
        if (context.metricsPort() >= 0)
        {
            metrics = new MetricsServer(context.metricsPort(), this::statText);
        }
        maintenance = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "zom-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        maintenance.scheduleWithFixedDelay(this::deleteExpiredCycles, 1, 60, TimeUnit.SECONDS);
        maintenance.scheduleWithFixedDelay(clock::check, JournalClockWatch.PERIOD_MILLIS,
            JournalClockWatch.PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        final FileDescriptorWatch files = FileDescriptorWatch.ofThisProcess(counters, errors);
        if (files != null)
        {
            files.atLaunch();
            maintenance.scheduleWithFixedDelay(files::check, FileDescriptorWatch.PERIOD_MILLIS,
                FileDescriptorWatch.PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void deleteExpiredCycles()
    {
        try
        {
            journal.deleteExpiredCycles(System.currentTimeMillis());
        }
        catch (final RuntimeException ex)
        {
            errors.log("zom-retention", "cannot delete expired journal cycles: " + ex);
        }
    }

    /**
     * Where the PULL socket listens (the bound endpoint, with the real port when {@code *} was asked).
     *
     * @return the endpoint.
     */
    public String pullEndpoint()
    {
        return ingress.pullEndpoint();
    }

    /**
     * Where the ROUTER socket listens.
     *
     * @return the endpoint.
     */
    public String routerEndpoint()
    {
        return ingress.routerEndpoint();
    }

    /**
     * Where the PUB socket publishes conflict events, or null when it is off.
     *
     * @return the endpoint.
     */
    public String eventsEndpoint()
    {
        return ingress.eventsEndpoint();
    }

    /**
     * The port of the Prometheus endpoint, or -1 when there is none.
     *
     * @return the port.
     */
    public int metricsPort()
    {
        return metrics == null ? -1 : metrics.port();
    }

    /**
     * The broker's counters.
     *
     * @return the counters.
     */
    public Counters counters()
    {
        return counters;
    }

    /**
     * The configuration the broker runs with.
     *
     * @return the context.
     */
    public BrokerContext context()
    {
        return context;
    }

    /**
     * The journal index each disk writer has applied up to, by store name.
     *
     * @return store name to applied index.
     */
    public Map<String, Long> appliedIndices()
    {
        final Map<String, Long> applied = new LinkedHashMap<>();
        writers.forEach(w -> applied.put(w.store().name(), w.appliedIndex()));
        return applied;
    }

    /**
     * The journal's last index.
     *
     * @return the last index, or -1 when empty.
     */
    public long journaledIndex()
    {
        return journal.lastIndex();
    }

    /**
     * How many errors the broker's threads logged (a test fails when this is not zero).
     *
     * @return distinct logged errors plus unexpected ring and agent errors.
     */
    public long errorCount()
    {
        return errors.distinct() + ringErrors.get();
    }

    String statText()
    {
        final StringBuilder out = new StringBuilder();
        counters.appendTo(out);
        final long last = journal.lastIndex();
        out.append("# HELP zom_writer_lag journal records a disk writer is behind (in the current cycle)\n");
        out.append("# TYPE zom_writer_lag gauge\n");
        for (final DiskWriter writer : writers)
        {
            out.append("zom_writer_lag{store=\"").append(writer.store().name()).append("\"} ")
                .append(lag(last, writer.appliedIndex())).append('\n');
        }
        out.append("# HELP zom_journal_last_index the index of the newest journal record\n");
        out.append("# TYPE zom_journal_last_index gauge\n");
        out.append("zom_journal_last_index ").append(last).append('\n');
        out.append("# HELP zom_journal_clock_behind_seconds how far the wall clock is behind the start of the " +
            "journal's newest cycle (set back?), which takes the writes meanwhile\n");
        out.append("# TYPE zom_journal_clock_behind_seconds gauge\n");
        out.append("zom_journal_clock_behind_seconds ").append(journal.clockBehindMillis() / 1000).append('\n');
        final Runtime runtime = Runtime.getRuntime();
        out.append("# HELP zom_heap_used_bytes JVM heap in use\n");
        out.append("# TYPE zom_heap_used_bytes gauge\n");
        out.append("zom_heap_used_bytes ").append(runtime.totalMemory() - runtime.freeMemory()).append('\n');
        return out.toString();
    }

    private long lag(final long last, final long applied)
    {
        if (last < 0 || applied >= last)
        {
            return 0;
        }
        final var cycle = journal.rollCycle();
        final long lastSequence = cycle.toSequenceNumber(last);
        return applied >= 0 && cycle.toCycle(applied) == cycle.toCycle(last) ?
            lastSequence - cycle.toSequenceNumber(applied) : lastSequence + 1;
    }

    private void agentError(final Throwable error)
    {
        try
        {
            final VirtualMachineError fatal = virtualMachineErrorIn(error);
            if (fatal != null)
            {
                context.fatalErrorHandler().accept(fatal);
            }
            ringErrors.incrementAndGet();
            errors.log("agent", String.valueOf(error));
        }
        catch (final VirtualMachineError whileHandling)
        {
            context.fatalErrorHandler().accept(whileHandling);
        }
    }

    /**
     * The {@link VirtualMachineError} an error is or was caused by (libraries wrap them: an out-of-memory error in
     * ZeroMQ reaches the ingress inside another exception), or null.
     */
    private static VirtualMachineError virtualMachineErrorIn(final Throwable error)
    {
        Throwable cause = error;
        for (int depth = 0; cause != null && depth < 16; depth++)
        {
            if (cause instanceof VirtualMachineError fatal)
            {
                return fatal;
            }
            cause = cause.getCause();
        }
        return null;
    }

    /**
     * Stops cleanly: the ingress stops reading and sends the replies still due, the ring drains, the disk writers
     * finish what they read, then the journal and sockets close. Idempotent.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (ingress != null)
        {
            ingress.drain();
        }
        if (disruptor != null)
        {
            try
            {
                disruptor.shutdown(SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS);
            }
            catch (final TimeoutException ex)
            {
                errors.log("close", "the ring did not drain in time");
                ackHandler.closing();
                disruptor.halt();
            }
            if (!ringThreads.join(SHUTDOWN_MILLIS))
            {
                errors.log("close", "a ring handler did not stop in time");
            }
        }
        stopMaintenance();
        awaitRepliesSent();
        CloseHelper.quietClose(ingressRunner);
        CloseHelper.quietClose(queries);
        CloseHelper.quietClose(metrics);
        writers.forEach(DiskWriter::stop);
        writerRunners.forEach(CloseHelper::quietClose);
        CloseHelper.quietClose(zmq);
        CloseHelper.quietClose(wakeup);
        CloseHelper.quietClose(journal);
        CloseHelper.quietClose(claims);
        CloseHelper.quietClose(lock);
    }

    private void stopMaintenance()
    {
        if (maintenance != null)
        {
            maintenance.shutdown();
            try
            {
                maintenance.awaitTermination(SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitRepliesSent()
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_MILLIS);
        while (ingress != null && !ingress.isDrained() && System.nanoTime() - deadline < 0)
        {
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /**
     * Logs and counts an unexpected error on a ring thread; the ring goes on with the next event.
     */
    private final class RingExceptionHandler implements ExceptionHandler<WriteEvent>
    {
        @Override
        public void handleEventException(final Throwable ex, final long sequence, final WriteEvent event)
        {
            agentError(ex);
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            agentError(ex);
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            agentError(ex);
        }
    }
}
