package dev.zom.bench;

import dev.zom.client.AckedPipeline;
import dev.zom.client.ZomClient;
import dev.zom.format.Locations;
import dev.zom.format.MetaWriter;
import dev.zom.format.Metapath;
import dev.zom.format.Roots;
import dev.zom.format.Value;
import dev.zom.lock.LockFile;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One writer process of {@link LockBaselineBenchmark}: warms up on a location of its own, prints "ready", waits for
 * "go" on standard input, writes its share either directly with RFC13 lock files or through a broker
 * (acknowledged, pipelined), then prints "done".
 */
public final class LockBaselineWriter
{
    /** Writes each process makes, on a location of its own, before the measured phase (JIT warm-up). */
    static final int WARMUP_WRITES = 2_000;

    private LockBaselineWriter()
    {
    }

    /**
     * Runs one writer.
     *
     * @param args mode ("direct" or a broker ROUTER endpoint), root, writer number, writes, entries.
     * @throws Exception when it fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final Path root = Path.of(args[1]);
        final int writer = Integer.parseInt(args[2]);
        final int writes = Integer.parseInt(args[3]);
        final int entries = Integer.parseInt(args[4]);
        run(args[0], root.resolve("warmup" + writer), writer, WARMUP_WRITES, entries);
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
        run(args[0], root, writer, writes, entries);
        System.out.println("done");
        System.out.flush();
    }

    private static void run(
        final String mode, final Path root, final int writer, final int writes, final int entries)
    {
        if ("direct".equals(mode))
        {
            direct(root, writer, writes, entries);
        }
        else
        {
            viaBroker(mode, root, writer, writes, entries);
        }
    }

    private static void direct(final Path root, final int writer, final int writes, final int entries)
    {
        try (MetaWriter meta = new MetaWriter(Roots.of(root), false))
        {
            for (int i = 0; i < writes; i++)
            {
                final Path location = root.resolve("shot" + (i % 10));
                final String metapath = "e" + (i % entries);
                try (LockFile lock = LockFile.acquire(location, metapath, "w" + writer, Duration.ofSeconds(5),
                    Duration.ofSeconds(120)))
                {
                    lock.renew();
                    meta.write(Locations.parse(location.toString()), Metapath.parse(metapath),
                        Value.of("w" + writer + "-" + i));
                }
            }
        }
    }

    private static void viaBroker(
        final String router, final Path root, final int writer, final int writes, final int entries)
    {
        try (ZomClient client = ZomClient.connect(router, null))
        {
            final AckedPipeline pipeline = new AckedPipeline(client, 64, (ack, sentAt) -> { });
            for (int i = 0; i < writes; i++)
            {
                pipeline.submit(root.resolve("shot" + (i % 10)).toString(), "e" + (i % entries),
                    Value.of("w" + writer + "-" + i));
            }
            pipeline.flush();
        }
    }
}
