package dev.zom.bench;

import dev.zom.ErrorCode;
import dev.zom.format.Value;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestDecoder;
import dev.zom.protocol.RequestEncoder;
import dev.zom.protocol.RequestValidator;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The codec on the broker's hot path: decoding and validating a write (what the ingress does per message), and
 * encoding one (what a client does). A 100-byte string value; run with {@code -prof gc} to see bytes per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CodecBenchmark
{
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(512);
    private final RequestEncoder encoder = new RequestEncoder();
    private final RequestDecoder decoder = new RequestDecoder();
    private RequestValidator validator;
    private UnsafeBuffer request;
    private int requestLength;
    private Value value;
    private long sequence;

    /**
     * Prepares one encoded request.
     */
    @Setup
    public void setUp()
    {
        value = Value.of("v".repeat(100));
        validator = new RequestValidator(List.of(Path.of("/projects")), 8192);
        requestLength = encoder.encode(out, 0, Protocol.OP_WRITE, 42, 1, (byte)0, (short)0,
            "/projects/show/seq010/shot010", "render/frames", value);
        request = new UnsafeBuffer(new byte[requestLength]);
        request.putBytes(0, out, 0, requestLength);
    }

    /**
     * Structure check and full validation of a write, as the ingress does.
     *
     * @return the error, null when valid.
     */
    @Benchmark
    public ErrorCode decodeAndValidate()
    {
        decoder.wrap(request, 0, requestLength);
        final ErrorCode structure = decoder.checkStructure();
        return structure != null ? structure : validator.checkWrite(decoder);
    }

    /**
     * Encoding a write into a reused buffer, as a client does.
     *
     * @return the length.
     */
    @Benchmark
    public int encode()
    {
        return encoder.encode(out, 0, Protocol.OP_WRITE, 42, ++sequence, (byte)0, (short)0,
            "/projects/show/seq010/shot010", "render/frames", value);
    }
}
