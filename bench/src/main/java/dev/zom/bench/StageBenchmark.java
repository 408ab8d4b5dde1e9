package dev.zom.bench;

import dev.zom.broker.Broker;
import dev.zom.broker.BrokerContext;
import dev.zom.client.AckedPipeline;
import dev.zom.client.ZomClient;
import dev.zom.format.TreeDeleter;
import dev.zom.format.Value;
import dev.zom.stage.PushReport;
import dev.zom.stage.Stage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The metastage's speed against ceilings measured in the same run: commits to the stage per second against a raw
 * Java loop creating 100-byte files by temp file + rename (the disk's small-file rate), and a push's acknowledged
 * writes per second against the same writes sent directly as pipelined acknowledged writes to the same broker.
 * Every round writes into fresh folders (this file system avoids reusing recently freed inodes, see MACHINE.md) and
 * alternates which of raw files and commits goes first.
 * Usage: {@code java -cp benchmarks.jar dev.zom.bench.StageBenchmark [writes] [rounds] [outDir]}.
 */
public final class StageBenchmark
{
    private static final int LOCATIONS = 100;
    private static final int WINDOW = 256;
    private static final Value VALUE = Value.of("v".repeat(98));
    private static final byte[] CONTENT = "v".repeat(100).getBytes(StandardCharsets.US_ASCII);

    private StageBenchmark()
    {
    }

    /**
     * Runs the rounds and writes {@code stage-summary.md}.
     *
     * @param args writes per round, rounds, output folder.
     * @throws Exception when a step fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final int writes = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        final Path out = Path.of(args.length > 2 ? args[2] : "results");
        final Path work = Files.createTempDirectory(Path.of(System.getProperty("zom.bench.dir", "/tmp")), "zom-stage");
        final double[] raw = new double[rounds];
        final double[] commit = new double[rounds];
        final double[] push = new double[rounds];
        final double[] direct = new double[rounds];
        for (int r = -1; r < rounds; r++)
        {
            final Path round = work.resolve("round" + (r + 1));
            final boolean rawFirst = (r & 1) == 0;
            final double rawBefore = rawFirst ? rawFiles(round.resolve("raw"), writes) : 0;
            final double commitRate = commits(round.resolve("stage"), round.resolve("data"), writes);
            final double rawRate = rawFirst ? rawBefore : rawFiles(round.resolve("raw"), writes);
            final double[] pushAndDirect = pushAndDirect(round, writes);
            if (r >= 0)
            {
                raw[r] = rawRate;
                commit[r] = commitRate;
                push[r] = pushAndDirect[0];
                direct[r] = pushAndDirect[1];
            }
            System.out.printf("round %d: raw files %,.0f/s, commits %,.0f/s, push %,.0f/s, direct acked %,.0f/s%n",
                r + 1, rawRate, commitRate, pushAndDirect[0], pushAndDirect[1]);
        }
        final double[] commitRatio = new double[rounds];
        final double[] pushRatio = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            commitRatio[r] = commit[r] / raw[r];
            pushRatio[r] = push[r] / direct[r];
        }
        final StringBuilder md = new StringBuilder();
        md.append(String.format("| measure (%,d writes of 100-byte strings over %d locations, median of %d rounds)" +
            " | value |%n", writes, LOCATIONS, rounds)).append("|---|---|\n");
        md.append(String.format("| raw files: new 100-byte file by temp + rename | %,.0f files/s |%n",
            Stats.median(raw)));
        md.append(String.format("| `stage.commit` (Open Metadata file by temp + rename, plus a ticket) | " +
            "%,.0f commits/s |%n", Stats.median(commit)));
        md.append(String.format("| **commit / raw file**, median of per-round ratios | **%.2f** |%n",
            Stats.median(commitRatio)));
        md.append(String.format("| direct pipelined acked writes (window %d, durability batch) | %,.0f writes/s |%n",
            WINDOW, Stats.median(direct)));
        md.append(String.format("| `stage.push()` (read tickets, same pipeline, delete each after its ack) | " +
            "%,.0f writes/s |%n", Stats.median(push)));
        md.append(String.format("| **push / direct**, median of per-round ratios | **%.2f** |%n",
            Stats.median(pushRatio)));
        md.append("\nRounds (per second): raw ").append(Arrays.toString(raw)).append(", commit ")
            .append(Arrays.toString(commit)).append(", push ").append(Arrays.toString(push)).append(", direct ")
            .append(Arrays.toString(direct)).append('\n');
        Files.createDirectories(out);
        Files.writeString(out.resolve("stage-summary.md"), md.toString());
        System.out.println(md);
        TreeDeleter.delete(work);
    }

    private static double rawFiles(final Path root, final int writes) throws IOException
    {
        final Path[] folders = new Path[LOCATIONS];
        for (int i = 0; i < LOCATIONS; i++)
        {
            folders[i] = Files.createDirectories(root.resolve("shot" + i + "/.meta"));
        }
        final Path temp = Files.createDirectories(root.resolve(".tmp"));
        final long start = System.nanoTime();
        for (int i = 0; i < writes; i++)
        {
            final Path tmp = temp.resolve("t" + i);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
            {
                channel.write(ByteBuffer.wrap(CONTENT));
            }
            Files.move(tmp, folders[i % LOCATIONS].resolve("e" + i + ".string"), StandardCopyOption.ATOMIC_MOVE);
        }
        return writes / ((System.nanoTime() - start) / 1e9);
    }

    private static double commits(final Path stageRoot, final Path data, final int writes)
    {
        final String[] locations = locations(data);
        try (Stage stage = Stage.open(stageRoot))
        {
            stage.commit(locations[0], "warm", VALUE);
            final long start = System.nanoTime();
            for (int i = 0; i < writes; i++)
            {
                stage.commit(locations[i % LOCATIONS], "e" + i, VALUE);
            }
            return writes / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Pushes the round's stage, then sends the same number of distinct writes directly, to one broker.
     */
    private static double[] pushAndDirect(final Path round, final int writes)
    {
        final String[] locations = locations(round.resolve("data"));
        try (Broker broker = Broker.launch(BrokerContext.embedded(round)))
        {
            final PushReport report = Stage.open(round.resolve("stage")).push(broker.routerEndpoint());
            if (!report.complete() || report.pushed() != writes + 1)
            {
                throw new IllegalStateException("push did not go through: " + report.summary());
            }
            final double pushRate = report.pushed() / (report.nanos() / 1e9);
            try (ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
            {
                final AckedPipeline pipeline = new AckedPipeline(client, WINDOW, (ack, sentAt) -> { });
                final long start = System.nanoTime();
                for (int i = 0; i < writes; i++)
                {
                    pipeline.submit(locations[i % LOCATIONS], "d" + i, VALUE);
                }
                pipeline.flush();
                return new double[] {pushRate, writes / ((System.nanoTime() - start) / 1e9)};
            }
        }
    }

    private static String[] locations(final Path data)
    {
        final String[] locations = new String[LOCATIONS];
        for (int i = 0; i < LOCATIONS; i++)
        {
            locations[i] = data.resolve("shot" + i).toString();
        }
        return locations;
    }
}
