package dev.zom.broker;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.zom.format.TreeDeleter;
import dev.zom.format.Value;
import dev.zom.journal.DurabilityMode;
import dev.zom.journal.Journal;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemEpochClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ring and journal path without sockets: what the ingress publishes per write (claim a slot, copy the request,
 * publish) through the journal handler (arbiter, retry windows, append, group commit) and the ack handler, for the
 * writes of {@value #CLIENTS} clients in turn, each with increasing sequences, as the ingress decodes pipelining
 * clients' writes: each write looks up its client's retry window and makes it the most recent. Throughput is bounded by
 * the consumers once the ring is full. At the end it prints the bytes the ring threads allocated per write (read
 * from the JVM's per-thread allocation counters), which must be zero.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RingJournalBenchmark
{
    /** The journal's durability. */
    @Param({"NONE", "BATCH"})
    public String durability;

    private static final int CLIENTS = 8;
    private static final int CLIENT_ID_OFFSET = 8;
    private static final int SEQUENCE_OFFSET = 16;
    private Path dir;
    private Journal journal;
    private Disruptor<WriteEvent> disruptor;
    private RingBuffer<WriteEvent> ring;
    private Counters counters;
    private byte[] request;
    private final long[] sequences = new long[CLIENTS];
    private long published;
    private long ringAllocatedBefore;

    /**
     * Starts a journal and a ring with the broker's handlers.
     *
     * @throws Exception on I/O failure.
     */
    @Setup(Level.Trial)
    public void start() throws Exception
    {
        dir = Files.createTempDirectory("zom-ring-bench");
        journal = Journal.open(new Journal.Context().directory(dir).durability(DurabilityMode.valueOf(durability)));
        counters = new Counters();
        disruptor = new Disruptor<>(() -> new WriteEvent(8192), 2048, r -> new Thread(r, "zom-ring"),
            ProducerType.SINGLE, new BlockingBackoffWaitStrategy());
        final AtomicLong durable = new AtomicLong(-1);
        final ErrorLog errors = new ErrorLog(System.err);
        RingStages.wire(disruptor, journal, new JournalHandler(journal,
            new Arbiter(1024, 8192 + JournalRecord.HEADER_LENGTH), counters, SystemEpochClock.INSTANCE, durable,
            new JournalSpace(dir, 0, errors)), durable, counters, errors, new AckHandler(
            new ReplyQueue(1 << 20), counters, new BackoffIdleStrategy(), new IngressWakeup(), durable), 0);
        ring = disruptor.start();
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer();
        final int length = new RequestEncoder().encode(out, 0, Protocol.OP_WRITE, 1, 0, (byte)0, (short)0,
            "/projects/show/seq010/shot010", "render/frames", Value.of("v".repeat(100)));
        request = new byte[length];
        out.getBytes(0, request);
        Thread.sleep(100);
        ringAllocatedBefore = ringThreadsAllocated();
    }

    /**
     * Publishes one write.
     */
    @Benchmark
    public void publish()
    {
        final long sequence = ring.next();
        final WriteEvent event = ring.get(sequence);
        event.reset();
        System.arraycopy(request, 0, event.record, JournalRecord.HEADER_LENGTH, request.length);
        event.requestLength = request.length;
        final int client = (int)(published++ % CLIENTS);
        event.clientId = client + 1;
        event.sequence = ++sequences[client];
        event.buffer.putLong(JournalRecord.HEADER_LENGTH + CLIENT_ID_OFFSET, event.clientId, ByteOrder.LITTLE_ENDIAN);
        event.buffer.putLong(JournalRecord.HEADER_LENGTH + SEQUENCE_OFFSET, event.sequence, ByteOrder.LITTLE_ENDIAN);
        ring.publish(sequence);
    }

    /**
     * Drains the ring, reports allocation per write on the ring threads, and deletes the journal.
     *
     * @throws Exception on I/O failure.
     */
    @TearDown(Level.Trial)
    public void stop() throws Exception
    {
        while (counters.get(BrokerCounter.JOURNALED) < published)
        {
            Thread.sleep(1);
        }
        final long allocated = ringThreadsAllocated() - ringAllocatedBefore;
        disruptor.shutdown(30, TimeUnit.SECONDS);
        System.out.printf("%n# ring threads allocated %d bytes for %d writes (%.4f bytes/write); journaled=%d%n",
            allocated, published, allocated / (double)Math.max(1, published), counters.get(BrokerCounter.JOURNALED));
        journal.close();
        TreeDeleter.delete(dir);
    }

    static long ringThreadsAllocated()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        long total = 0;
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.getName().startsWith("zom-ring"))
            {
                total += threads.getThreadAllocatedBytes(thread.getId());
            }
        }
        return total;
    }
}
