package dev.zom.bench;

import dev.zom.broker.Broker;
import dev.zom.broker.BrokerContext;
import dev.zom.broker.OfflineJournalWriter;
import dev.zom.client.ZomClient;
import dev.zom.format.TreeDeleter;
import dev.zom.format.Value;
import dev.zom.journal.DurabilityMode;
import dev.zom.journal.Journal;
import dev.zom.replay.JournalRange;
import dev.zom.replay.Replay;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Recovery and replay speed: the time until a broker acknowledges its first write after a restart with a backlog of
 * unapplied records, against the same with an empty journal (target: at most 1.5 times longer); the rate at which
 * a restarted broker's disk writer applies the backlog; and the rate of {@code zom replay} into an empty folder.
 * Usage: {@code java -cp benchmarks.jar dev.zom.bench.RecoveryBenchmark [records] [rounds] [outDir]}.
 */
public final class RecoveryBenchmark
{
    private static final int ENTRIES = 1000;

    private RecoveryBenchmark()
    {
    }

    /**
     * Runs the measurements and writes {@code recovery-summary.md}.
     *
     * @param args records in the backlog, rounds, output folder.
     * @throws Exception when a step fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        final Path out = Path.of(args.length > 2 ? args[2] : "results");
        final Path work = Files.createTempDirectory(Path.of(System.getProperty("zom.bench.dir", "/tmp")), "zom-rec");
        final Path empty = work.resolve("empty");
        final Path backlog = work.resolve("backlog");
        final long fillStart = System.nanoTime();
        fill(backlog, records);
        final double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        firstAckMillis(empty);
        firstAckMillis(backlog);
        final double[] emptyMillis = new double[rounds];
        final double[] backlogMillis = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            emptyMillis[r] = firstAckMillis(empty);
            resetCheckpoints(backlog);
            backlogMillis[r] = firstAckMillis(backlog);
        }
        resetCheckpoints(backlog);
        final double recoverRate = recoveryRate(backlog, records);
        final double replayRate = replayRate(backlog, work.resolve("replayed"), records);
        final StringBuilder md = new StringBuilder();
        md.append(String.format("| measure (%,d-record backlog, %d entries, median of %d rounds) | value |%n",
            records, ENTRIES, rounds)).append("|---|---|\n");
        md.append(String.format("| journal filled offline | %,.0f records/s |%n", records / fillSeconds));
        md.append(String.format("| launch to first ack, empty journal | %.1f ms |%n", Stats.median(emptyMillis)));
        md.append(String.format("| launch to first ack, %,d unapplied records | %.1f ms |%n", records,
            Stats.median(backlogMillis)));
        md.append(String.format("| **ratio** (target ≤ 1.5) | **%.2f** |%n", Stats.median(backlogMillis) /
            Stats.median(emptyMillis)));
        md.append(String.format("| recovery: disk writer applying the backlog after a restart | %,.0f records/s |%n",
            recoverRate));
        md.append(String.format("| `zom replay --into` an empty folder | %,.0f records/s |%n", replayRate));
        md.append("\nRounds (ms, empty / backlog): ").append(Arrays.toString(emptyMillis)).append(" / ")
            .append(Arrays.toString(backlogMillis)).append('\n');
        Files.createDirectories(out);
        Files.writeString(out.resolve("recovery-summary.md"), md.toString());
        System.out.println(md);
        TreeDeleter.delete(work);
    }

    private static void fill(final Path dir, final int records)
    {
        final String root = dir.resolve("data").toString();
        try (Journal journal = Journal.open(new Journal.Context().directory(dir.resolve("journal"))
            .durability(DurabilityMode.NONE)); OfflineJournalWriter writer = new OfflineJournalWriter(journal, 3))
        {
            final Value value = Value.of("v".repeat(100));
            for (int i = 0; i < records; i++)
            {
                writer.append(root + "/shot" + (i % 10), "e" + (i % ENTRIES), value);
            }
        }
    }

    private static double firstAckMillis(final Path dir)
    {
        final long start = System.nanoTime();
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            client.writeAcked(dir.resolve("data/restart").toString(), "probe", Value.of(1L));
            return (System.nanoTime() - start) / 1e6;
        }
    }

    private static double recoveryRate(final Path dir, final int records) throws Exception
    {
        final long start = System.nanoTime();
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            final long last = broker.journaledIndex();
            while (!broker.appliedIndices().values().stream().allMatch(applied -> applied >= last))
            {
                Thread.sleep(5);
            }
            return records / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double replayRate(final Path dir, final Path into, final int records)
    {
        final long start = System.nanoTime();
        new Replay(new Replay.Options(dir.resolve("journal"), List.of(), into, JournalRange.ALL, false))
            .run(done -> { }, new PrintWriter(new StringWriter()));
        return records / ((System.nanoTime() - start) / 1e9);
    }

    private static void resetCheckpoints(final Path dir) throws Exception
    {
        final Path checkpoints = dir.resolve("journal/checkpoints");
        if (Files.isDirectory(checkpoints))
        {
            try (Stream<Path> files = Files.list(checkpoints))
            {
                for (final Path file : files.toList())
                {
                    Files.write(file, new byte[] {-1, -1, -1, -1, -1, -1, -1, -1});
                }
            }
        }
    }

}
