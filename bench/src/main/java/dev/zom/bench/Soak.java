package dev.zom.bench;

import dev.zom.format.TreeDeleter;
import dev.zom.journal.Journal;
import dev.zom.replay.JournalEntries;
import dev.zom.replay.JournalEntry;
import dev.zom.replay.JournalRange;
import dev.zom.replay.Replay;
import dev.zom.replay.TreeSnapshot;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * A long soak: a broker in its own JVM with a 64 MiB heap ({@link ChildBroker}; {@code -Dzom.soak.heap} sets another)
 * under a steady load of every kind of client a farm runs ({@link SoakLoad}) for as many minutes as asked, sampled
 * every 10 seconds. At the end the soak
 * waits for the disk writers, stops the broker with SIGTERM and checks what must hold however long a broker runs:
 * every acknowledged write is in the journal at the index its acknowledgement gave, as sent; the tree is what a
 * replay of the journal gives; no client failed; the broker stopped cleanly. Its heap, resident memory, threads and
 * open files over the run show whether anything grows without bound, and what the heap holds after a full collection
 * a third into the load and at its end ({@link LiveHeap}) shows what grows. Writes {@code soak-summary.md},
 * {@code soak-samples.tsv}, the broker's last counters ({@code soak-stat.txt}) and both class histograms
 * ({@code soak-heap-first.txt}, {@code soak-heap-last.txt}) to the output folder; exits 1 when a check fails. With
 * {@code -Dzom.soak.farm=DIR}, a folder on another disk, the render tasks write under a second root there, so the
 * broker runs two disk writers and two query threads, as on a file server with two disks.
 * Usage: {@code java -cp benchmarks.jar dev.zom.bench.Soak [minutes] [outDir]}; the rates as {@link SoakRates}
 * reads them.
 */
public final class Soak
{
    private static final long SAMPLE_SECONDS = 10;
    private static final long CATCH_UP_SECONDS = 300;
    private static final double MIB = 1 << 20;
    /** The broker's {@code -Xmx}: {@code -Dzom.soak.heap}, 64 MiB by default. */
    private static final String HEAP = System.getProperty("zom.soak.heap", "64m");
    /** A folder on another disk for the render tasks' root: {@code -Dzom.soak.farm}, by default none. */
    private static final String FARM_DISK = System.getProperty("zom.soak.farm");

    private Soak()
    {
    }

    /**
     * Runs the soak and writes its report.
     *
     * @param args minutes of load (default 20), output folder (default results).
     * @throws Exception when the soak cannot run.
     */
    public static void main(final String[] args) throws Exception
    {
        final double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 20;
        final Path out = Path.of(args.length > 1 ? args[1] : "results");
        final SoakRates rates = SoakRates.fromProperties();
        Files.createDirectories(out);
        final Path dir = Files.createTempDirectory(Path.of(System.getProperty("zom.bench.dir", "/tmp")), "zom-soak");
        final List<Path> folders = FARM_DISK == null ? List.of(dir) :
            List.of(dir, Files.createTempDirectory(Path.of(FARM_DISK), "zom-soak"));
        final List<Path> roots = folders.stream().map(folder -> folder.resolve("data")).toList();
        final List<BrokerSample> samples = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        final SoakLoad load;
        final int exitCode;
        final List<String> brokerLines;
        final String lastStat;
        LiveHeap firstHeap = null;
        LiveHeap lastHeap = null;
        try (ChildBroker broker = ChildBroker.start(dir, HEAP, roots))
        {
            load = new SoakLoad(broker.router(), broker.pull(), roots.get(0).toString(),
                roots.get(roots.size() - 1).toString()).start(rates);
            final long start = System.nanoTime();
            final long loadNanos = (long)(minutes * 60e9);
            if (sampleUntil(broker, start, start + loadNanos / 3, false, samples, failures))
            {
                firstHeap = LiveHeap.take(broker, start);
                sampleUntil(broker, start, start + loadNanos, false, samples, failures);
            }
            load.stop();
            failures.addAll(load.failures());
            if (broker.alive() && sampleUntil(broker, start,
                System.nanoTime() + TimeUnit.SECONDS.toNanos(CATCH_UP_SECONDS), true, samples, failures))
            {
                lastHeap = LiveHeap.take(broker, start);
            }
            lastStat = broker.lastStat();
            exitCode = broker.stop();
            brokerLines = broker.lines();
        }
        if (exitCode != 143 && exitCode != 0)
        {
            failures.add("the broker's exit code on SIGTERM was " + exitCode);
        }
        final String journalCheck = checkJournal(dir.resolve("journal"), load.ledgers(), failures);
        final String treeCheck = checkTree(dir, roots, failures);
        final String report = report(minutes, rates, load, roots, samples, journalCheck, treeCheck, brokerLines,
            LiveHeap.report(firstHeap, lastHeap), failures);
        Files.writeString(out.resolve("soak-summary.md"), report);
        Files.writeString(out.resolve("soak-samples.tsv"), BrokerSample.HEADER + "\n" +
            String.join("\n", samples.stream().map(BrokerSample::row).toList()) + "\n");
        Files.writeString(out.resolve("soak-stat.txt"), lastStat);
        LiveHeap.write(firstHeap, out.resolve("soak-heap-first.txt"));
        LiveHeap.write(lastHeap, out.resolve("soak-heap-last.txt"));
        System.out.println(report);
        for (final Path folder : folders)
        {
            System.out.println("deleting " + folder + " (the results are written: a stop now leaves it behind)");
            TreeDeleter.delete(folder);
        }
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    /**
     * Samples the broker every {@link #SAMPLE_SECONDS} until {@code end}, or once the load has stopped (the clients
     * have ended) until its disk writers have caught up; a broker that died or stopped answering is a failure.
     *
     * @return false when the broker died or stopped answering.
     */
    private static boolean sampleUntil(final ChildBroker broker, final long start, final long end,
        final boolean catchingUp, final List<BrokerSample> samples, final List<String> failures)
        throws InterruptedException
    {
        while (true)
        {
            final BrokerSample sample;
            try
            {
                sample = broker.sample(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
            }
            catch (final IOException | RuntimeException ex)
            {
                failures.add("the broker " + (broker.alive() ? "stopped answering" : "died") + " after " +
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + " s: " + ex);
                return false;
            }
            samples.add(sample);
            System.out.println(sample.row());
            if (catchingUp && sample.writerLag() == 0)
            {
                return true;
            }
            if (System.nanoTime() >= end)
            {
                if (catchingUp)
                {
                    failures.add("the disk writers were still " + sample.writerLag() + " records behind " +
                        CATCH_UP_SECONDS + " s after the load stopped");
                }
                return true;
            }
            TimeUnit.SECONDS.sleep(catchingUp ? 1 : SAMPLE_SECONDS);
        }
    }

    /**
     * Finds every acknowledged write at the index its acknowledgement gave, as it was sent.
     */
    private static String checkJournal(final Path journalDir, final List<SoakLedger> ledgers,
        final List<String> failures)
    {
        long records = 0;
        long damaged = 0;
        long found = 0;
        long different = 0;
        try (Journal journal = JournalEntries.openExisting(journalDir); JournalEntries entries =
            new JournalEntries(journal))
        {
            JournalEntry entry;
            while ((entry = entries.next()) != null)
            {
                records += entry.records();
                damaged += entry.damaged();
                for (final SoakLedger ledger : ledgers)
                {
                    if (entry.isSound() && ledger.has(entry.index()))
                    {
                        final boolean same = ledger.at(entry.index()) ==
                            SoakLedger.hashOf(entry.location(), entry.metapath(), entry.value());
                        found += same ? 1 : 0;
                        different += same ? 0 : 1;
                    }
                }
            }
        }
        final long expected = ledgers.stream().mapToLong(SoakLedger::size).sum();
        final long missing = expected - found - different;
        if (missing > 0 || different > 0 || damaged > 0)
        {
            failures.add("journal: " + missing + " acknowledged writes missing, " + different + " different from " +
                "what was sent, " + damaged + " damaged records");
        }
        return String.format("%,d journal records; %,d acknowledged writes, %,d found as sent at their index, " +
            "%,d missing, %,d different; %,d damaged records", records, expected, found, missing, different, damaged);
    }

    /**
     * Replays the journal into an empty folder and compares the result with the broker's tree, root by root.
     */
    private static String checkTree(final Path dir, final List<Path> roots, final List<String> failures)
        throws Exception
    {
        final Path replayed = dir.resolve("replayed");
        new Replay(new Replay.Options(dir.resolve("journal"), List.of(), replayed, JournalRange.ALL, false))
            .run(done -> { }, new PrintWriter(new StringWriter()));
        long files = 0;
        long differing = 0;
        for (final Path root : roots)
        {
            final Map<String, String> tree = TreeSnapshot.of(root);
            final Map<String, String> differences = TreeSnapshot.differences(
                TreeSnapshot.of(replayed.resolve(root.toString().substring(1))), tree);
            if (!differences.isEmpty())
            {
                failures.add("the tree under " + root + " differs from a replay of its journal in " +
                    differences.size() + " files, e.g. " + differences.entrySet().iterator().next());
            }
            files += tree.size();
            differing += differences.size();
        }
        return String.format("%,d files in the tree%s; %,d differ from a replay of the journal", files,
            roots.size() == 1 ? "" : " (" + roots.size() + " roots)", differing);
    }

    /**
     * The broker's settings given as {@code zom.broker.*} properties, as ", name=value" each.
     */
    private static String brokerSettings()
    {
        final StringBuilder text = new StringBuilder();
        ChildBroker.settings().forEach((name, value) -> text.append(", ").append(name).append('=').append(value));
        return text.toString();
    }

    private static String report(
        final double minutes, final SoakRates rates, final SoakLoad load, final List<Path> roots,
        final List<BrokerSample> samples,
        final String journalCheck, final String treeCheck, final List<String> brokerLines, final String liveHeap,
        final List<String> failures)
    {
        final StringBuilder md = new StringBuilder();
        md.append(String.format("Soak of %.0f minutes: %s.%n%n", minutes, failures.isEmpty() ? "**passed**" :
            "**FAILED**: " + String.join("; ", failures)));
        md.append(String.format("Load a second: %.0f acknowledged writes from 4 pipelining clients on 2,000 shared " +
            "entries, %.0f fire-and-forget writes, %.0f render tasks (a connection each, 3 acknowledged writes and a " +
            "read back, %s), %.0f listings with a read. Broker: -Xmx%s, durability batch%s.%n%n",
            rates.acked(), rates.pull(), rates.tasks(), rates.tasksSayBye() ? "then bye" : "no bye",
            rates.queries(), HEAP, brokerSettings()));
        if (roots.size() > 1)
        {
            md.append(String.format("Two roots on two disks: %s (the shared entries and the fire-and-forget " +
                "writes) and %s (the render tasks).%n%n", describe(roots.get(0)), describe(roots.get(1))));
        }
        md.append(String.format("Done: %,d render tasks, %,d fire-and-forget writes, %,d listings.%n%n", load.tasks(),
            load.pulled(), load.queries()));
        md.append("- ").append(journalCheck).append('\n');
        md.append("- ").append(treeCheck).append('\n');
        if (samples.isEmpty())
        {
            return md.toString();
        }
        final int third = Math.max(1, samples.size() / 3);
        md.append(String.format("- heap in use, lowest in the first third / last third of the run: %.1f / %.1f MiB; " +
            "highest %.1f MiB%n", low(samples.subList(0, third), BrokerSample::heapUsed) / MIB,
            low(samples.subList(samples.size() - third, samples.size()), BrokerSample::heapUsed) / MIB,
            samples.stream().mapToLong(BrokerSample::heapUsed).max().orElse(0) / MIB));
        md.append(String.format("- resident memory, first / last sample: %.0f / %.0f MiB; threads %d / %d; " +
            "open files %d / %d (highest %d)%n", samples.get(0).resident() / MIB,
            samples.get(samples.size() - 1).resident() / MIB, samples.get(0).threads(),
            samples.get(samples.size() - 1).threads(), samples.get(0).openFiles(),
            samples.get(samples.size() - 1).openFiles(),
            samples.stream().mapToLong(BrokerSample::openFiles).max().orElse(0)));
        md.append(String.format("- writer lag, highest: %,d records; busy replies %,d; rejected %,d%n",
            samples.stream().mapToLong(BrokerSample::writerLag).max().orElse(0),
            samples.get(samples.size() - 1).busy(), samples.get(samples.size() - 1).rejected()));
        md.append(String.format("- the broker printed %d lines after it listened%s%n", brokerLines.size(),
            brokerLines.isEmpty() ? "" : ":\n```\n" + String.join("\n", brokerLines.subList(0,
                Math.min(20, brokerLines.size()))) + "\n```"));
        md.append(liveHeap);
        md.append("\n| minute | heap in use, MiB | resident, MiB | threads | open files | writer lag | journaled | " +
            "acked | conflicts |\n|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < samples.size(); i += Math.max(1, samples.size() / 20))
        {
            final BrokerSample s = samples.get(i);
            md.append(String.format("| %.1f | %.1f | %.0f | %d | %d | %,d | %,d | %,d | %,d |%n", s.seconds() / 60.0,
                s.heapUsed() / MIB, s.resident() / MIB, s.threads(), s.openFiles(), s.writerLag(), s.journaled(),
                s.acked(), s.conflicts()));
        }
        return md.toString();
    }

    private static String describe(final Path root)
    {
        try
        {
            return root + " on " + Files.getFileStore(root.getParent()).type();
        }
        catch (final IOException ex)
        {
            return root.toString();
        }
    }

    private static long low(final List<BrokerSample> samples, final ToLongFunction<BrokerSample> value)
    {
        return samples.stream().mapToLong(value).min().orElse(0);
    }
}
