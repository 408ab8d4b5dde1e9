package dev.zom.bench;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.client.Ack;
import dev.zom.client.AckedPipeline;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The clients of a soak, each on a thread of its own at a steady rate, as a farm uses a broker all day:
 * <ul>
 * <li>pipelining acknowledged writers on entries they share (so their writes conflict), each remembering what it
 * was acknowledged ({@link SoakLedger});</li>
 * <li>a fire-and-forget writer;</li>
 * <li>render tasks, one after another: each connects with a client and connection of its own, makes three
 * acknowledged writes to its own location, reads one back (it must be the value it wrote), and closes, saying bye
 * unless {@link SoakRates#tasksSayBye()} says not;</li>
 * <li>listings of the shared entries' locations, each with a read of one (a location not written yet is not
 * found).</li>
 * </ul>
 * A client that fails (an exception, a refused write, a task reading back another value) is named in
 * {@link #failures()}; the others go on.
 */
final class SoakLoad
{
    private static final int ACKED_WRITERS = 4;
    private static final int WINDOW = 64;
    private static final int SHOTS = 20;
    private static final int ENTRIES_PER_SHOT = 100;
    private static final int IN_FLIGHT_SLOTS = 1024;

    /** One client's step, opened and closed on its own thread. */
    private interface Worker extends AutoCloseable
    {
        void step(long n);

        @Override
        void close();
    }

    private final String router;
    private final String pull;
    private final String root;
    private final String farmRoot;
    private final List<Thread> threads = new ArrayList<>();
    private final List<SoakLedger> ledgers = new ArrayList<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong tasks = new AtomicLong();
    private final AtomicLong queries = new AtomicLong();
    private final AtomicLong pulled = new AtomicLong();
    private volatile boolean stopping;

    /**
     * The load against a broker.
     *
     * @param router   its ROUTER endpoint.
     * @param pull     its PULL endpoint.
     * @param root     the root the acknowledged writers, the fire-and-forget writer and the listings use.
     * @param farmRoot the root the render tasks write under: the same, or one on another disk.
     */
    SoakLoad(final String router, final String pull, final String root, final String farmRoot)
    {
        this.router = router;
        this.pull = pull;
        this.root = root;
        this.farmRoot = farmRoot;
    }

    /**
     * Starts every client.
     *
     * @param rates how much of each a second.
     * @return this load.
     */
    SoakLoad start(final SoakRates rates)
    {
        for (int w = 0; w < ACKED_WRITERS; w++)
        {
            final int writer = w;
            final SoakLedger ledger = new SoakLedger();
            ledgers.add(ledger);
            run("soak-acked-" + w, rates.acked() / ACKED_WRITERS, () -> ackedWriter(writer, ledger));
        }
        run("soak-pull", rates.pull(), this::pullWriter);
        final SoakLedger taskLedger = new SoakLedger();
        ledgers.add(taskLedger);
        run("soak-tasks", rates.tasks(), () -> task(taskLedger, rates.tasksSayBye()));
        run("soak-queries", rates.queries(), this::reader);
        return this;
    }

    /**
     * Stops every client once its writes in flight are acknowledged.
     *
     * @throws InterruptedException when interrupted while waiting.
     */
    void stop() throws InterruptedException
    {
        stopping = true;
        for (final Thread thread : threads)
        {
            thread.join();
        }
    }

    /** @return what each client was acknowledged (read once stopped). */
    List<SoakLedger> ledgers()
    {
        return ledgers;
    }

    /** @return the clients that failed, and how. */
    Queue<String> failures()
    {
        return failures;
    }

    /** @return render tasks completed. */
    long tasks()
    {
        return tasks.get();
    }

    /** @return reads and listings answered. */
    long queries()
    {
        return queries.get();
    }

    /** @return fire-and-forget writes sent. */
    long pulled()
    {
        return pulled.get();
    }

    private void run(final String name, final double perSecond, final Callable<Worker> opener)
    {
        final Thread thread = new Thread(() ->
        {
            final long period = (long)(1e9 / perSecond);
            final long start = System.nanoTime();
            try (Worker worker = opener.call())
            {
                for (long n = 0; !stopping; n++)
                {
                    final long wait = start + n * period - System.nanoTime();
                    if (wait > 0)
                    {
                        LockSupport.parkNanos(wait);
                    }
                    worker.step(n);
                }
            }
            catch (final Exception | AssertionError ex)
            {
                failures.add(name + ": " + ex);
            }
        }, name);
        threads.add(thread);
        thread.start();
    }

    private String shot(final long n)
    {
        return root + "/show/seq010/shot" + (n % SHOTS);
    }

    private Worker ackedWriter(final int writer, final SoakLedger ledger)
    {
        final ZomClient client = ZomClient.connect(router, null);
        final long[] inFlight = new long[IN_FLIGHT_SLOTS];
        final AckedPipeline pipeline = new AckedPipeline(client, WINDOW,
            (ack, sentAt) -> ledger.acked(ack.journalIndex(), inFlight[(int)(ack.sequence() % IN_FLIGHT_SLOTS)]));
        return new Worker()
        {
            @Override
            public void step(final long n)
            {
                final long entry = (n * 7_919 + writer * 131L) % (SHOTS * ENTRIES_PER_SHOT);
                final String location = shot(entry);
                final String metapath = "e" + entry / SHOTS;
                final Value value = Value.of("soak writer " + writer + " write " + n);
                final long sequence = pipeline.submit(location, metapath, value);
                inFlight[(int)(sequence % IN_FLIGHT_SLOTS)] = SoakLedger.hashOf(location, metapath, value);
            }

            @Override
            public void close()
            {
                try
                {
                    pipeline.flush();
                }
                finally
                {
                    client.close();
                }
            }
        };
    }

    private Worker pullWriter()
    {
        final ZomClient client = ZomClient.connect(router, pull);
        return new Worker()
        {
            @Override
            public void step(final long n)
            {
                client.write(root + "/show/seq020/shot" + n % SHOTS, "frame" + n % ENTRIES_PER_SHOT, Value.of(n));
                pulled.incrementAndGet();
            }

            @Override
            public void close()
            {
                client.flush();
                client.close();
            }
        };
    }

    private Worker task(final SoakLedger ledger, final boolean sayBye)
    {
        return new Worker()
        {
            @Override
            public void step(final long n)
            {
                final String location = farmRoot + "/show/farm/t" + n / 1000 + "/task" + n;
                final Value status = Value.of("done on host" + n % 50);
                try (ZomClient client = sayBye ? ZomClient.connect(router, null) :
                    ZomClient.connect(router, null, ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), 10_000))
                {
                    write(client, location, "frame", Value.of(n));
                    write(client, location, "status", status);
                    write(client, location, "seconds", Value.of(n * 0.5));
                    final Value read = client.read(location, "status");
                    if (!status.equals(read))
                    {
                        throw new AssertionError("task " + n + " read back " + read + ", not the " + status +
                            " it was acknowledged");
                    }
                }
                tasks.incrementAndGet();
            }

            private void write(final ZomClient client, final String location, final String metapath,
                final Value value)
            {
                final Ack ack = client.writeAcked(location, metapath, value);
                ledger.acked(ack.journalIndex(), SoakLedger.hashOf(location, metapath, value));
            }

            @Override
            public void close()
            {
                // each task closes its own client
            }
        };
    }

    private Worker reader()
    {
        final ZomClient client = ZomClient.connect(router, null);
        return new Worker()
        {
            @Override
            public void step(final long n)
            {
                try
                {
                    final List<String[]> entries = client.ls(shot(n), null);
                    client.read(shot(n), entries.get((int)(n % entries.size()))[0]);
                }
                catch (final ZomException ex)
                {
                    if (ex.code() != ErrorCode.NOT_FOUND)
                    {
                        throw ex;
                    }
                }
                queries.incrementAndGet();
            }

            @Override
            public void close()
            {
                client.close();
            }
        };
    }
}
