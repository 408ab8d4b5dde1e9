package dev.zom.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Runs JMH with the JVM flags zom needs appended to every fork, taken from the parent pom's {@code zom.jvm.flags}
 * (filtered into {@code zom.jvmopts}), so the flags stay in one place. Takes JMH's usual arguments; prints the core
 * count and warns when there are fewer than two.
 */
public final class Bench
{
    private Bench()
    {
    }

    /**
     * Runs the benchmarks.
     *
     * @param args JMH arguments, e.g. {@code CodecBenchmark -prof gc -rf json -rff out.json}.
     * @throws Exception when JMH fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final int cores = Runtime.getRuntime().availableProcessors();
        System.out.println("# zom bench: " + cores + " cores" + (cores < 2 ? " (WARNING: fewer than 2; the ring, " +
            "the journal and the sockets need their own cores, results will be pessimistic)" : ""));
        final CommandLineOptions options = new CommandLineOptions(args);
        new Runner(new OptionsBuilder().parent(options).jvmArgsAppend(jvmFlags()).build()).run();
    }

    static String[] jvmFlags() throws IOException
    {
        try (InputStream in = Objects.requireNonNull(Bench.class.getResourceAsStream("/zom.jvmopts")))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+");
        }
    }
}
