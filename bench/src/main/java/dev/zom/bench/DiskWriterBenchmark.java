package dev.zom.bench;

import dev.zom.broker.WriteApplier;
import dev.zom.format.Value;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * The disk writer's apply of distinct new entries (journal record to Open Metadata file through the
 * {@link WriteApplier}) against its ceiling measured in the same run: a raw Java loop creating 100-byte files by
 * temp file + rename. Both spread entries over 1,000 folders and write into fresh folders (this file system avoids
 * reusing inodes freed recently, see MACHINE.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class DiskWriterBenchmark
{
    private static final int FOLDERS = 1000;

    private final byte[] content = "v".repeat(100).getBytes(StandardCharsets.US_ASCII);
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(512);
    private final RequestEncoder encoder = new RequestEncoder();
    private final CRC32C crc = new CRC32C();
    private final Value value = Value.of("v".repeat(98));
    private Path root;
    private Path[] folders;
    private WriteApplier applier;
    private Path temp;
    private long next;

    /**
     * Fresh folders for each trial.
     *
     * @throws IOException on I/O failure.
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final Path base = Files.createDirectories(Path.of(System.getProperty("zom.bench.dir", "/tmp/zom-bench")));
        root = Files.createTempDirectory(base, "zom-disk-bench");
        folders = new Path[FOLDERS];
        for (int i = 0; i < FOLDERS; i++)
        {
            folders[i] = Files.createDirectories(root.resolve("shot" + i));
        }
        temp = Files.createDirectories(root.resolve(".raw-tmp"));
        applier = new WriteApplier(List.of(root), false);
    }

    /**
     * One entry through the disk writer's apply path.
     *
     * @return the file written.
     */
    @Benchmark
    public Path applier()
    {
        final long i = next++;
        final int length = encoder.encode(out, JournalRecord.HEADER_LENGTH, Protocol.OP_WRITE, 0, i, (byte)0, (short)0,
            folders[(int)(i % FOLDERS)].toString(), "e" + i, value);
        JournalRecord.putHeader(out.byteArray(), out, length, JournalRecord.DECISION_APPLY, 0, -1, 0, crc);
        return applier.apply(out.byteArray(), JournalRecord.HEADER_LENGTH + length);
    }

    /**
     * The ceiling: a 100-byte file created by temp file + rename, nothing else.
     *
     * @return the file written.
     * @throws IOException on I/O failure.
     */
    @Benchmark
    public Path rawTempRename() throws IOException
    {
        final long i = next++;
        final Path tmp = temp.resolve("t" + i);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.wrap(content));
        }
        final Path target = folders[(int)(i % FOLDERS)].resolve("e" + i + ".string");
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /**
     * Closes the applier. The trial's files stay until the run ends ({@code bench/run} deletes them): deleting a
     * big tree here would make the next trial create files on recently freed inodes, which this file system does
     * slowly (MACHINE.md), and the two benchmarks would not be compared on equal terms.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        applier.close();
    }
}
