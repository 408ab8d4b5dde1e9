package dev.zom.bench;

import dev.zom.format.TreeDeleter;
import dev.zom.journal.DurabilityMode;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalAppender;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What a journal sync costs here: appends of 128-byte records with a sync every {@code syncEvery} records
 * (0 = never), through the {@link JournalAppender} the broker uses. Operations are records.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class JournalSyncBenchmark
{
    private static final int BATCH = 1024;

    /** Records per sync; 0 never syncs. */
    @Param({"0", "1024", "64", "1"})
    public int syncEvery;

    private final byte[] record = new byte[128];
    private Path dir;
    private Journal journal;
    private JournalAppender appender;

    /**
     * Opens a fresh journal.
     *
     * @throws Exception on I/O failure.
     */
    @Setup(Level.Trial)
    public void open() throws Exception
    {
        dir = Files.createTempDirectory("zom-sync-bench");
        journal = Journal.open(new Journal.Context().directory(dir)
            .durability(syncEvery == 0 ? DurabilityMode.NONE : DurabilityMode.BATCH));
        appender = journal.appender();
    }

    /**
     * Appends a batch, syncing every {@code syncEvery} records.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void append()
    {
        for (int i = 1; i <= BATCH; i++)
        {
            appender.append(record, 0, record.length);
            if (syncEvery > 0 && i % syncEvery == 0)
            {
                appender.endOfBatch();
            }
        }
    }

    /**
     * Closes and deletes the journal.
     *
     * @throws Exception on I/O failure.
     */
    @TearDown(Level.Trial)
    public void close() throws Exception
    {
        appender.close();
        journal.close();
        TreeDeleter.delete(dir);
    }
}
