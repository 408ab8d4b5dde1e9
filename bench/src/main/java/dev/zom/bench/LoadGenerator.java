package dev.zom.bench;

import dev.zom.broker.Broker;
import dev.zom.broker.BrokerContext;
import dev.zom.broker.BrokerCounter;
import dev.zom.client.AckedPipeline;
import dev.zom.client.ZomClient;
import dev.zom.format.TreeDeleter;
import dev.zom.format.Value;
import dev.zom.journal.DurabilityMode;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestEncoder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.agrona.ExpandableArrayBuffer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;

/**
 * The load generator: zom's write rates over loopback TCP against raw JeroMQ ceilings measured in the same run,
 * with 100-byte values, in rounds whose medians and ratios are reported.
 * <ul>
 * <li>fire-and-forget writes journaled per second through the PULL path, durability {@code none}, a frame per
 * write and in write batches, against raw PUSH to PULL with the bytes of one write;</li>
 * <li>acknowledged writes per second from pipelining clients, durability {@code batch}, a frame per write and in
 * write batches, with ack latency percentiles, against raw DEALER to an echoing ROUTER;</li>
 * <li>for reference, raw Chronicle Queue appends of journal-sized records, and acked writes with durability
 * {@code none} (what the message path alone allows);</li>
 * <li>the architecture's floors, with no zom code: raw PUSH to PULL into a ring whose handler appends to the
 * journal, and raw DEALER to a ROUTER that echoes once an overlapped group commit covers each request
 * ({@link Floors});</li>
 * <li>a burst absorbed by a broker in its own JVM with {@code -Xmx64m}, with its peak heap.</li>
 * </ul>
 * Usage: {@code java -cp benchmarks.jar dev.zom.bench.LoadGenerator [messages] [rounds] [clients] [window] [outDir]}.
 */
public final class LoadGenerator
{
    private static final String LOCATION_PREFIX = "/show/seq010/shot";
    private static final int ENTRIES = Integer.getInteger("zom.bench.entries", 1000);
    /** How often the PULL phase looks whether everything is journaled: parked, not spinning on two cores. */
    private static final long WAIT_NANOS = 200_000L;
    /** Writes per batch frame in the batched phases (ZomClient.batch). */
    private static final int PULL_BATCH = Integer.getInteger("zom.bench.pull.batch", 64);
    private static final int ACKED_BATCH = Integer.getInteger("zom.bench.acked.batch", 32);
    /**
     * The group commit thread's nice value in the acked phases, as docs/OPERATIONS.md sets it for a daemon (this
     * needs root or CAP_SYS_NICE; otherwise the broker logs it and the thread keeps the process's priority).
     */
    private static final int SYNC_NICE = Integer.getInteger("zom.bench.sync.nice", -10);
    /**
     * How long the next phase waits after a phase's files are deleted. This VM hands free memory back to its host, and
     * a journal growing into memory freed a moment ago pays far less for its pages than one growing into memory freed
     * seconds ago: 2 million 200-byte appends cost ~240 ns each right after an equal journal was deleted, ~440 ns 1 s
     * after, ~600 ns 3 s after, ~720 ns 15 s after (results/2026-12-03/append-after-delete-session29.txt). Back to
     * back, the phases that start at once (the floors, the raw append) ran on warmer memory than zom's, whose broker
     * starts first; the same pause before each gives them the same start.
     */
    private static final long COOL_DOWN_MILLIS = Long.getLong("zom.bench.cooldown.ms", 10_000);
    /** Acked clients write the same entries (nearly every write a conflict whose loser goes to history). */
    private static final boolean OVERLAP = Boolean.getBoolean("zom.bench.overlap");

    private LoadGenerator()
    {
    }

    /**
     * Runs the rounds and writes the report.
     *
     * @param args messages per phase, rounds, clients, window, output folder.
     * @throws Exception when a phase fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        final int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        final int window = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        final Path out = Path.of(args.length > 4 ? args[4] : "results");
        if (args.length > 5 && "acked-only".equals(args[5]))
        {
            final Path dir = Files.createTempDirectory("zom-acked-only");
            for (int r = 0; r < rounds; r++)
            {
                final Histogram h = new Histogram(3_600_000_000_000L, 3);
                final Path round = dir.resolve("r" + r);
                System.out.printf("zom acked %.0f/s p50 %d us%n", inFolder(round, () -> measureAcked(round, messages,
                    clients, window, ACKED_BATCH, DurabilityMode.BATCH, h)), h.getValueAtPercentile(50) / 1000);
            }
            TreeDeleter.delete(dir);
            return;
        }
        if (args.length > 5 && "pull-only".equals(args[5]))
        {
            final Path dir = Files.createTempDirectory("zom-pull-only");
            for (int r = 0; r < rounds; r++)
            {
                final Path round = dir.resolve("r" + r);
                System.out.printf("zom pull %.0f/s%n", inFolder(round, () -> measurePull(round, messages,
                    PULL_BATCH)));
            }
            TreeDeleter.delete(dir);
            return;
        }
        Files.createDirectories(out);
        final Path work = Files.createTempDirectory(Path.of(System.getProperty("zom.bench.dir", "/tmp")), "zom-load");
        final byte[] message = sampleRequest(work.resolve("data") + LOCATION_PREFIX);
        final double[][] rates = new double[10][rounds];
        final Histogram latency = new Histogram(3_600_000_000_000L, 3);
        final Histogram batchedLatency = new Histogram(3_600_000_000_000L, 3);
        System.out.println("warm-up round (not counted)");
        RawCeilings.pushPull(message, messages / 2);
        final Path warm = work.resolve("warm");
        inFolder(warm, () -> measurePull(warm, messages / 2, 1));
        inFolder(warm, () -> measurePull(warm, messages / 2, PULL_BATCH));
        inFolder(warm, () -> Floors.pushPullRingJournal(warm, message, messages / 2));
        RawCeilings.dealerRouter(message, messages / 2, clients, window);
        inFolder(warm, () -> Floors.dealerRouterGroupCommit(warm, message, messages / 2, clients, window));
        inFolder(warm, () -> measureAcked(warm, messages / 2, clients, window, ACKED_BATCH, DurabilityMode.BATCH,
            new Histogram(3_600_000_000_000L, 3)));
        final double[][][] cpu = new double[10][rounds][];
        for (int r = 0; r < rounds; r++)
        {
            rates[0][r] = phase(cpu[0], r, messages, null, () -> RawCeilings.pushPull(message, messages));
            final Path pull = work.resolve("pull" + r);
            rates[1][r] = phase(cpu[1], r, messages, pull, () -> measurePull(pull, messages, 1));
            final Path pullBatched = work.resolve("pull-batched" + r);
            rates[2][r] = phase(cpu[2], r, messages, pullBatched,
                () -> measurePull(pullBatched, messages, PULL_BATCH));
            rates[3][r] = phase(cpu[3], r, messages, null,
                () -> RawCeilings.dealerRouter(message, messages, clients, window));
            final Path acked = work.resolve("acked" + r);
            rates[4][r] = phase(cpu[4], r, messages, acked, () -> measureAcked(acked, messages, clients, window, 1,
                DurabilityMode.BATCH, latency));
            final Path ackedBatched = work.resolve("acked-batched" + r);
            rates[5][r] = phase(cpu[5], r, messages, ackedBatched, () -> measureAcked(ackedBatched, messages,
                clients, window, ACKED_BATCH, DurabilityMode.BATCH, batchedLatency));
            final Path journal = work.resolve("journal" + r);
            rates[6][r] = phase(cpu[6], r, messages, journal, () -> RawCeilings.journalAppend(journal,
                JournalRecord.HEADER_LENGTH + message.length, messages));
            final Path ackedNone = work.resolve("acked-none" + r);
            rates[7][r] = phase(cpu[7], r, messages, ackedNone, () -> measureAcked(ackedNone, messages, clients,
                window, 1, DurabilityMode.NONE, new Histogram(3_600_000_000_000L, 3)));
            final Path pullFloor = work.resolve("pull-floor" + r);
            rates[8][r] = phase(cpu[8], r, messages, pullFloor,
                () -> Floors.pushPullRingJournal(pullFloor, message, messages));
            final Path ackedFloor = work.resolve("acked-floor" + r);
            rates[9][r] = phase(cpu[9], r, messages, ackedFloor,
                () -> Floors.dealerRouterGroupCommit(ackedFloor, message, messages, clients, window));
            System.out.printf("round %d: raw push/pull %.0f/s, zom pull %.0f/s, batched %.0f/s, raw dealer/router " +
                "%.0f/s, zom acked %.0f/s, batched %.0f/s, raw journal append %.0f/s, acked unsynced %.0f/s, " +
                "pull floor %.0f/s, acked floor %.0f/s%n", r + 1, rates[0][r], rates[1][r], rates[2][r], rates[3][r],
                rates[4][r], rates[5][r], rates[6][r], rates[7][r], rates[8][r], rates[9][r]);
        }
        final long[] heap = burstInSmallHeap(work.resolve("heap"), messages);
        report(out, new Shape(messages, rounds, clients, window), rates, cpu, latency, batchedLatency, heap);
        TreeDeleter.delete(work);
    }

    /** One measured phase: its rate. */
    @FunctionalInterface
    private interface Phase
    {
        double run() throws Exception;
    }

    /**
     * Runs a phase while {@link ThreadCpu} samples where its CPU goes and keeps the CPU per message of the round;
     * then deletes the phase's folder and pauses, unmeasured.
     */
    private static double phase(
        final double[][] cpu, final int round, final int messages, final Path folder, final Phase phase)
        throws Exception
    {
        return inFolder(folder, () ->
        {
            final ThreadCpu sampled = ThreadCpu.start();
            final double rate;
            try
            {
                rate = phase.run();
            }
            finally
            {
                sampled.stop();
            }
            cpu[round] = sampled.microsPer(messages);
            return rate;
        });
    }

    /**
     * Runs a phase that writes files in a folder, then deletes the folder (a million writes leave ~0.3 GB of journal
     * and tree) and waits {@link #COOL_DOWN_MILLIS}; a phase without a folder runs alone.
     */
    private static double inFolder(final Path folder, final Phase phase) throws Exception
    {
        try
        {
            return phase.run();
        }
        finally
        {
            if (folder != null)
            {
                TreeDeleter.delete(folder);
                Thread.sleep(COOL_DOWN_MILLIS);
            }
        }
    }

    private static byte[] sampleRequest(final String location)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = new RequestEncoder().encode(buffer, 0, Protocol.OP_WRITE, 1, 1, (byte)0, (short)0,
            location + "0", "e0", Value.of("v".repeat(100)));
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    private static double measurePull(final Path dir, final int messages, final int batch) throws Exception
    {
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).fromProperties(System.getProperties())
                .durability(DurabilityMode.NONE));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), broker.pullEndpoint()).batch(batch))
        {
            final String root = dir.resolve("data").toString();
            final String[] locations = locations(root);
            final String[] metapaths = metapaths();
            final Value value = Value.of("v".repeat(100));
            final long start = System.nanoTime();
            for (int i = 0; i < messages; i++)
            {
                client.write(locations[i % 10], metapaths[i % ENTRIES], value);
            }
            client.flush();
            while (broker.counters().get(BrokerCounter.JOURNALED) < messages)
            {
                LockSupport.parkNanos(WAIT_NANOS);
            }
            return messages / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double measureAcked(
        final Path dir, final int messages, final int clients, final int window, final int batch,
        final DurabilityMode durability, final Histogram latency) throws Exception
    {
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).fromProperties(System.getProperties())
            .durability(durability).syncNice(SYNC_NICE)))
        {
            final String root = dir.resolve("data").toString();
            final int perClient = messages / clients;
            final List<Thread> threads = new ArrayList<>();
            final List<Histogram> histograms = new ArrayList<>();
            final long start = System.nanoTime();
            for (int c = 0; c < clients; c++)
            {
                final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
                histograms.add(histogram);
                final String clientRoot = OVERLAP ? root : root + "/client" + c;
                final Thread thread = new Thread(() -> pipelineAcked(broker.routerEndpoint(), clientRoot, perClient,
                    window, batch, histogram), "zom-client");
                threads.add(thread);
                thread.start();
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
            final double rate = perClient * (double)clients / ((System.nanoTime() - start) / 1e9);
            System.out.printf("# journaled %d in %d syncs (%.0f writes per sync), %d busy replies%n",
                broker.counters().get(BrokerCounter.JOURNALED), broker.counters().get(BrokerCounter.SYNCED),
                broker.counters().get(BrokerCounter.JOURNALED) / (double)broker.counters().get(BrokerCounter.SYNCED),
                broker.counters().get(BrokerCounter.BUSY));
            histograms.forEach(latency::add);
            return rate;
        }
    }

    private static void pipelineAcked(
        final String endpoint, final String root, final int count, final int window, final int batch,
        final Histogram histogram)
    {
        final String[] locations = locations(root);
        final String[] metapaths = metapaths();
        final Value value = Value.of("v".repeat(100));
        try (ZomClient client = ZomClient.connect(endpoint, null).batch(batch))
        {
            final AckedPipeline pipeline = new AckedPipeline(client, window,
                (ack, sentAt) -> histogram.recordValue(System.nanoTime() - sentAt));
            for (int i = 0; i < count; i++)
            {
                pipeline.submit(locations[i % 10], metapaths[i % ENTRIES], value);
            }
            pipeline.flush();
        }
    }

    /**
     * Runs a broker in a JVM with a 64 MiB heap, pushes a burst of writes far larger than its ring, and samples its
     * heap while the journal absorbs them. Returns {writes journaled, peak heap bytes, exit code}.
     */
    private static long[] burstInSmallHeap(final Path dir, final int messages) throws Exception
    {
        long peak = 0;
        long journaled = 0;
        try (ChildBroker broker = ChildBroker.start(dir))
        {
            try (ZomClient client = ZomClient.connect(broker.router(), broker.pull()))
            {
                final String root = dir.resolve("data").toString();
                final String[] locations = locations(root);
                final Value value = Value.of("v".repeat(100));
                for (int i = 0; i < messages; i++)
                {
                    client.write(locations[i % 10], "e" + (i % ENTRIES), value);
                    if (i % 50_000 == 0)
                    {
                        peak = Math.max(peak, broker.sample(0).heapUsed());
                    }
                }
                while (journaled < messages)
                {
                    final BrokerSample sample = broker.sample(0);
                    peak = Math.max(peak, sample.heapUsed());
                    journaled = sample.journaled();
                    Thread.sleep(20);
                }
            }
            return new long[] {journaled, peak, broker.stop()};
        }
    }

    private static String[] locations(final String root)
    {
        final String[] locations = new String[10];
        for (int i = 0; i < locations.length; i++)
        {
            locations[i] = root + LOCATION_PREFIX + i;
        }
        return locations;
    }

    private static String[] metapaths()
    {
        final String[] metapaths = new String[ENTRIES];
        for (int i = 0; i < ENTRIES; i++)
        {
            metapaths[i] = "e" + i;
        }
        return metapaths;
    }


    /** What a run was: messages per phase, rounds, acked clients and their window. */
    private record Shape(int messages, int rounds, int clients, int window)
    {
    }

    private static void report(
        final Path out,
        final Shape shape,
        final double[][] rates,
        final double[][][] cpu,
        final Histogram latency,
        final Histogram batchedLatency,
        final long[] heap) throws Exception
    {
        try (PrintStream hlog = new PrintStream(Files.newOutputStream(out.resolve("loadgen-ack-latency.hlog"))))
        {
            final HistogramLogWriter writer = new HistogramLogWriter(hlog);
            writer.outputLogFormatVersion();
            writer.outputLegend();
            writer.outputIntervalHistogram(latency);
            writer.outputIntervalHistogram(batchedLatency);
        }
        final int rounds = shape.rounds();
        final double[][] ratios = new double[10][rounds];
        for (int r = 0; r < rounds; r++)
        {
            ratios[0][r] = rates[1][r] / rates[0][r];
            ratios[1][r] = rates[2][r] / rates[0][r];
            ratios[2][r] = rates[4][r] / rates[3][r];
            ratios[3][r] = rates[5][r] / rates[3][r];
            ratios[4][r] = rates[6][r] / rates[0][r];
            ratios[5][r] = rates[7][r] / rates[3][r];
            ratios[6][r] = rates[8][r] / rates[0][r];
            ratios[7][r] = rates[1][r] / rates[8][r];
            ratios[8][r] = rates[9][r] / rates[3][r];
            ratios[9][r] = rates[4][r] / rates[9][r];
        }
        final StringBuilder md = new StringBuilder();
        md.append("| measure (median of ").append(rounds).append(" rounds, ").append(shape.messages())
            .append(" writes each, 100-byte values) | rate/s | median per-round ratio |\n|---|---|---|\n");
        md.append(String.format("| raw JeroMQ PUSH→PULL (ceiling) | %,.0f | |%n", Stats.median(rates[0])));
        md.append(String.format(
            "| zom PULL path, durability none, a frame per write | %,.0f | **%.2f** (target ≥ 0.70) |%n",
            Stats.median(rates[1]), Stats.median(ratios[0])));
        md.append(String.format("| zom PULL path, durability none, batches of %d writes | %,.0f | **%.2f** |%n",
            PULL_BATCH, Stats.median(rates[2]), Stats.median(ratios[1])));
        md.append(String.format("| for reference: raw Chronicle Queue append, one thread, records of a write's " +
            "journal size, nothing else running | %,.0f | %.2f of raw PUSH→PULL |%n", Stats.median(rates[6]),
            Stats.median(ratios[4])));
        md.append(String.format("| raw DEALER→ROUTER echo, %d pipelining clients, window %d (ceiling) | %,.0f | |%n",
            shape.clients(), shape.window(), Stats.median(rates[3])));
        md.append(String.format("| zom acked writes, durability batch, same clients, a frame per write | %,.0f | " +
            "**%.2f** (target ≥ 0.40) |%n", Stats.median(rates[4]), Stats.median(ratios[2])));
        md.append(String.format("| zom acked writes, durability batch, same clients, batches of %d | %,.0f | " +
            "**%.2f** |%n", ACKED_BATCH, Stats.median(rates[5]), Stats.median(ratios[3])));
        md.append(String.format("| for reference: zom acked writes, durability none (never synced), same clients, a " +
            "frame per write | %,.0f | %.2f |%n", Stats.median(rates[7]), Stats.median(ratios[5])));
        md.append(String.format("| floor, no zom code: raw PUSH→PULL into a Disruptor ring, one handler appending " +
            "each to the journal (never synced) | %,.0f | %.2f of raw PUSH→PULL; zom PULL, a frame per write, is " +
            "%.2f of it |%n", Stats.median(rates[8]), Stats.median(ratios[6]), Stats.median(ratios[7])));
        md.append(String.format("| floor, no zom code: raw DEALER→ROUTER, the ROUTER thread appending each request " +
            "and echoing it once a group commit (fdatasync on a second thread, overlapping the appends) covers it | " +
            "%,.0f | %.2f of raw DEALER→ROUTER; zom acked, a frame per write, is %.2f of it |%n",
            Stats.median(rates[9]), Stats.median(ratios[8]), Stats.median(ratios[9])));
        md.append(String.format("%nThe acked brokers run their group commit at nice %d (`zom.broker.sync.nice`).%n",
            SYNC_NICE));
        md.append(String.format("%nAcked clients write %s.%n", OVERLAP ? "the same 1,000 entries (conflicts)" :
            "1,000 entries each (entry i % 1000 in location i % 10), their own"));
        md.append(latencyLine("a frame per write", latency)).append(latencyLine("batched", batchedLatency));
        md.append(String.format("%nBurst into a broker JVM with -Xmx64m (durability batch): %,d writes journaled, " +
            "peak heap in use %.1f MiB, exit code %d (143 = stopped by SIGTERM, cleanly)%n", heap[0],
            heap[1] / 1048576.0, heap[2]));
        md.append("\nEvery round:\n\n| round | raw push/pull | zom pull | ratio | batched | ratio | " +
            "raw dealer/router | zom acked | ratio | batched | ratio |\n" +
            "|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int r = 0; r < rounds; r++)
        {
            md.append(String.format(
                "| %d | %,.0f | %,.0f | %.2f | %,.0f | %.2f | %,.0f | %,.0f | %.2f | %,.0f | %.2f |%n",
                r + 1, rates[0][r], rates[1][r], ratios[0][r], rates[2][r], ratios[1][r], rates[3][r], rates[4][r],
                ratios[2][r], rates[5][r], ratios[3][r]));
        }
        md.append("\nThe floors, every round:\n\n| round | PULL floor | of raw PUSH→PULL | zom PULL / floor | " +
            "acked floor | of raw DEALER→ROUTER | zom acked / floor |\n|---|---|---|---|---|---|---|\n");
        for (int r = 0; r < rounds; r++)
        {
            md.append(String.format("| %d | %,.0f | %.2f | %.2f | %,.0f | %.2f | %.2f |%n", r + 1, rates[8][r],
                ratios[6][r], ratios[7][r], rates[9][r], ratios[8][r], ratios[9][r]));
        }
        md.append(cpuTable(cpu));
        Files.writeString(out.resolve("loadgen-summary.md"), md.toString());
        System.out.println(md);
    }

    /**
     * CPU per write by thread role, medians of the rounds: on two cores a CPU-bound phase runs at most 2 s of CPU per
     * second, so the ratio of two phases' CPU per message bounds the ratio of their rates.
     */
    private static String cpuTable(final double[][][] cpu)
    {
        final String[] phases = {"raw PUSH→PULL (per message)", "zom PULL, a frame per write", "zom PULL, batched",
            "raw DEALER→ROUTER (per round trip)", "zom acked, batch", "zom acked, batch, batched",
            "raw Chronicle append", "zom acked, none", "floor: PUSH→PULL→ring→journal",
            "floor: DEALER→ROUTER + group commit"};
        final StringBuilder md = new StringBuilder(String.format("%nCPU per write, µs (user + system, median of the " +
            "rounds; the broker and its clients share this JVM, threads sampled every 10 ms; kernel threads such as " +
            "disk writeback are not in it):%n%n| phase | all |"));
        final StringBuilder rule = new StringBuilder("|---|---|");
        for (final ThreadCpu.Role role : ThreadCpu.Role.values())
        {
            md.append(' ').append(role.label()).append(" |");
            rule.append("---|");
        }
        md.append('\n').append(rule).append('\n');
        for (int p = 0; p < phases.length; p++)
        {
            md.append("| ").append(phases[p]).append(String.format(" | %.2f |",
                medianOfRounds(cpu[p], round -> Arrays.stream(round).sum())));
            for (final ThreadCpu.Role role : ThreadCpu.Role.values())
            {
                md.append(String.format(" %.2f |", medianOfRounds(cpu[p], round -> round[role.ordinal()])));
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static double medianOfRounds(final double[][] rounds, final ToDoubleFunction<double[]> value)
    {
        return Stats.median(Arrays.stream(rounds).mapToDouble(value).toArray());
    }

    private static String latencyLine(final String what, final Histogram latency)
    {
        return String.format("%nAck latency, %s, all rounds (µs): p50 %.0f, p90 %.0f, p99 %.0f, p99.9 %.0f, max %.0f%n",
            what, latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(90) / 1e3,
            latency.getValueAtPercentile(99) / 1e3, latency.getValueAtPercentile(99.9) / 1e3,
            latency.getMaxValue() / 1e3);
    }
}
