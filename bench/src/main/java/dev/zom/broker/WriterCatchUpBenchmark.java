package dev.zom.broker;

import dev.zom.format.TreeDeleter;
import dev.zom.format.Value;
import dev.zom.journal.Checkpoint;
import dev.zom.journal.DurabilityMode;
import dev.zom.journal.Journal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.PrintStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A disk writer catching up with a journal it has not read: the real {@link DiskWriter} reads a backlog of
 * {@link #RECORDS} writes to {@link #ENTRIES} entries in 10 folders (100-byte values, as the load generator's PULL
 * clients send), coalesces them and writes one file per entry, from its checkpoint reset before each invocation.
 * Few entries keep the file writes (an overwrite by rename costs ~0.2 ms here, MACHINE.md) to a small part of the
 * time: this is the writer's cost per journal record read, the work it adds to every write while it keeps up with
 * live traffic. At the end it prints the bytes the writer allocated per record (the JVM's per-thread allocation
 * counter).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WriterCatchUpBenchmark
{
    /** Records in the backlog: under one writer batch, so each invocation is one read and one apply of each entry. */
    static final int RECORDS = 1_000_000;
    /** Entries written. */
    static final int ENTRIES = 100;

    private Path dir;
    private Journal journal;
    private Stores stores;
    private Counters counters;
    private ErrorLog errors;
    private long last;
    private long records;
    private long allocatedBefore;

    /**
     * Fills a journal.
     *
     * @throws Exception on I/O failure.
     */
    @Setup(Level.Trial)
    public void fill() throws Exception
    {
        dir = Files.createTempDirectory("zom-writer-bench");
        final Path root = dir.resolve("data");
        journal = Journal.open(new Journal.Context().directory(dir.resolve("journal")).durability(DurabilityMode.NONE));
        try (OfflineJournalWriter writer = new OfflineJournalWriter(journal, 3))
        {
            final Value value = Value.of("v".repeat(100));
            for (int i = 0; i < RECORDS; i++)
            {
                last = writer.append(root + "/shot" + i % 10, "e" + i % ENTRIES, value);
            }
        }
        stores = new Stores(List.of(root), Map.of(root, "bench"));
        counters = new Counters();
        errors = new ErrorLog(new PrintStream(OutputStream.nullOutputStream()));
        allocatedBefore = allocated();
    }

    /**
     * One writer reads the whole backlog from the start and applies it.
     *
     * @return the index it applied up to.
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long catchUp()
    {
        final Stores.Store store = stores.all().get(0);
        journal.checkpoint(store.checkpointName()).set(Checkpoint.NONE);
        final DiskWriter writer = new DiskWriter(stores, store, journal, counters, errors, 4096, 0,
            new WriterRest(0, counters, () -> 0), 8192, new WriterProgress(Checkpoint.NONE), 1000);
        writer.onStart();
        while (writer.appliedIndex() < last)
        {
            writer.doWork();
        }
        writer.onClose();
        records += RECORDS;
        return writer.appliedIndex();
    }

    /**
     * Reports allocation per record and deletes the journal and the tree.
     *
     * @throws Exception on I/O failure.
     */
    @TearDown(Level.Trial)
    public void delete() throws Exception
    {
        final long allocated = allocated() - allocatedBefore;
        System.out.printf("%n# writer allocated %d bytes for %d records (%.2f bytes/record); applied=%d%n",
            allocated, records, allocated / (double)Math.max(1, records), counters.get(BrokerCounter.APPLIED));
        journal.close();
        TreeDeleter.delete(dir);
    }

    private static long allocated()
    {
        return ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
