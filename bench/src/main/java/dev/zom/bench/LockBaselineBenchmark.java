package dev.zom.bench;

import dev.zom.broker.Broker;
import dev.zom.broker.BrokerContext;
import dev.zom.broker.BrokerCounter;
import dev.zom.format.TreeDeleter;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC13's lock-file approach as a baseline for the broker: 8 separate processes write the same entries directly,
 * each write under the entry's lock file, against the same writes from 8 processes through the broker
 * (acknowledged, durability batch), in the same run. Target: the broker at least 10 times the throughput. Both
 * sides are checked for lost values (the direct side: every entry holds a value; the broker side: every write
 * journaled). With the default conflict window nearly every write here conflicts and the broker also keeps each
 * loser in history, which the lock baseline does not; {@code -Dzom.bench.conflict.window.ms=0} measures without.
 * Usage: {@code java -cp benchmarks.jar dev.zom.bench.LockBaselineBenchmark [writes] [rounds] [out]}.
 */
public final class LockBaselineBenchmark
{
    private static final int PROCESSES = 8;
    private static final int ENTRIES = 100;

    private LockBaselineBenchmark()
    {
    }

    /**
     * Runs the rounds and writes {@code locks-summary.md}.
     *
     * @param args writes per process, rounds, output folder.
     * @throws Exception when a step fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final int writes = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        final Path out = Path.of(args.length > 2 ? args[2] : "results");
        final Path work = Files.createTempDirectory(Path.of(System.getProperty("zom.bench.dir", "/tmp")), "zom-lock");
        final double[] direct = new double[rounds];
        final double[] broker = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            final Path directRoot = Files.createDirectories(work.resolve("direct" + r));
            direct[r] = run("direct", directRoot, writes);
            checkEveryEntryHoldsAValue(directRoot);
            try (Broker zom = Broker.launch(BrokerContext.embedded(work.resolve("broker" + r))
                .conflictWindowMillis(Integer.getInteger("zom.bench.conflict.window.ms", 100))))
            {
                broker[r] = run(zom.routerEndpoint(), work.resolve("broker" + r + "/data"), writes);
                if (zom.counters().get(BrokerCounter.JOURNALED) !=
                    (long)PROCESSES * (writes + LockBaselineWriter.WARMUP_WRITES))
                {
                    throw new IllegalStateException("lost writes through the broker");
                }
            }
            System.out.printf("round %d: direct with lock files %.0f writes/s, broker %.0f writes/s%n", r + 1,
                direct[r], broker[r]);
        }
        final double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            ratios[r] = broker[r] / direct[r];
        }
        final String md = String.format("| measure (%d processes, %,d writes each, %d entries, median of %d rounds) " +
            "| writes/s |%n|---|---|%n| direct writes under RFC13 lock files | %,.0f |%n" +
            "| the same writes through the broker (acked, durability batch) | %,.0f |%n" +
            "| **median of per-round ratios** (target ≥ 10) | **%.1f** |%n%nRounds (direct / broker): %s / %s%n",
            PROCESSES, writes, ENTRIES, rounds, Stats.median(direct), Stats.median(broker), Stats.median(ratios),
            Arrays.toString(direct), Arrays.toString(broker));
        Files.createDirectories(out);
        Files.writeString(out.resolve("locks-summary.md"), md);
        System.out.println(md);
        TreeDeleter.delete(work);
    }

    private static double run(final String mode, final Path root, final int writes) throws Exception
    {
        final List<Process> processes = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++)
        {
            final List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java")));
            command.addAll(List.of(Bench.jvmFlags()));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), LockBaselineWriter.class.getName(),
                mode, root.toString(), String.valueOf(p), String.valueOf(writes), String.valueOf(ENTRIES)));
            processes.add(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        final List<BufferedReader> outputs = new ArrayList<>();
        for (final Process process : processes)
        {
            final BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.US_ASCII));
            expect(output, "ready");
            outputs.add(output);
        }
        final long start = System.nanoTime();
        for (final Process process : processes)
        {
            final OutputStream in = process.getOutputStream();
            in.write("go\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
        }
        for (final BufferedReader output : outputs)
        {
            expect(output, "done");
        }
        final double rate = PROCESSES * (double)writes / ((System.nanoTime() - start) / 1e9);
        for (final Process process : processes)
        {
            process.waitFor();
        }
        return rate;
    }

    private static void checkEveryEntryHoldsAValue(final Path root) throws Exception
    {
        long files = 0;
        for (int location = 0; location < 10; location++)
        {
            try (var entries = Files.list(root.resolve("shot" + location + "/.meta")))
            {
                files += entries.filter(p -> p.toString().endsWith(".string")).count();
            }
        }
        if (files != ENTRIES)
        {
            throw new IllegalStateException("direct writers left " + files + " entries of " + ENTRIES);
        }
    }

    private static void expect(final BufferedReader output, final String word) throws Exception
    {
        String line;
        while ((line = output.readLine()) != null && !line.equals(word))
        {
            Thread.onSpinWait();
        }
        if (line == null)
        {
            throw new IllegalStateException("a writer process ended before saying " + word);
        }
    }

}
