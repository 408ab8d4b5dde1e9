package dev.zom.broker;

import dev.zom.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client written in Python on libzmq (Debian's python3-zmq, installed by .ci/run) speaks the protocol from
 * docs/PROTOCOL.md to a real broker: acked and fire-and-forget writes, a retry, refusals (one a reused sequence),
 * reads, ls, stat, REQ.
 */
class PythonPeerTest
{
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aLibzmqPeerShouldWriteReadAndListThroughTheBroker() throws Exception
    {
        assertThat(Path.of(PYTHON)).as("Debian's python3 with python3-zmq (apt-get install python3-zmq)").exists();
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            final String shot = dir.resolve("data/shot").toString();
            final Process python = new ProcessBuilder(PYTHON, Path.of("src/test/python/peer_test.py").toString(),
                broker.routerEndpoint(), broker.pullEndpoint(), shot).redirectErrorStream(true).start();
            final boolean exited = python.waitFor(90, TimeUnit.SECONDS);
            final String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(exited).as(output).isTrue();
            assertThat(python.exitValue()).as(output).isZero();
            assertThat(output).contains("ok");
            Await.applied(broker);
            assertThat(Files.readString(Path.of(shot, ".meta/ratio.float"))).isEqualTo("0.1");
            assertThat(Files.readString(Path.of(shot, ".meta/range.tuple"))).isEqualTo("[1, 2.5, \"x\"]");
            assertThat(Files.readString(Path.of(shot, ".meta/pushed.dict/p99.int"))).isEqualTo("99");
            assertThat(Files.readString(Path.of(shot, ".meta/pushed.dict/q2.int"))).isEqualTo("2");
            assertThat(Files.readString(Path.of(shot, ".meta/batch.dict/b2.int"))).isEqualTo("2");
            try (var imprints = Files.list(Path.of(shot, ".meta/.history")))
            {
                assertThat(imprints.map(p -> p.getFileName().toString()))
                    .as("the value the KEEP_HISTORY write replaced").singleElement().asString().startsWith("artist&");
            }
            assertThat(broker.counters().rejectedFor(ErrorCode.MALFORMED)).as("a flag no version defines").isEqualTo(1);
            assertThat(broker.counters().get(BrokerCounter.DUPLICATES)).isEqualTo(1);
            assertThat(broker.counters().rejectedFor(ErrorCode.SEQUENCE_REUSED)).isEqualTo(1);
            assertThat(broker.counters().get(BrokerCounter.BYES)).isEqualTo(1);
            assertThat(broker.errorCount()).isZero();
        }
    }
}
