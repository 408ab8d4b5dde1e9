package dev.zom.tools;

import dev.zom.format.Value;
import dev.zom.journal.Journal;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zom broker} as a real process: it prints where it listens and its durability, takes writes, and stops
 * cleanly (exit 0) on SIGTERM; out of memory, it exits at once for its supervisor to restart it.
 */
class BrokerProcessTest
{
    private static final Pattern ROUTER = Pattern.compile("ROUTER (tcp://[^,\\s]+)");

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void theBrokerCommandShouldServeAndStopCleanlyOnSigterm() throws Exception
    {
        final Path config = dir.resolve("broker.properties");
        Files.writeString(config, "zom.broker.durability=every\nzom.broker.pull=tcp://127.0.0.1:*\n");
        final Process broker = ZomProcess.start("broker", "--config", config.toString(), "--root",
            dir.resolve("data").toString(), "--journal", dir.resolve("journal").toString(), "--router",
            "tcp://127.0.0.1:*", "--events", "tcp://127.0.0.1:*", "--metrics-port", "0");
        final BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(),
            StandardCharsets.UTF_8));
        final StringBuilder printed = new StringBuilder();
        String router = null;
        String line;
        while ((line = out.readLine()) != null && !line.contains("listening"))
        {
            printed.append(line).append('\n');
            final Matcher m = ROUTER.matcher(line);
            if (m.find())
            {
                router = m.group(1);
            }
        }
        assertThat(printed.toString()).contains("durability every", "survives power loss", "metrics http://");
        assertThat(router).isNotNull();
        final String shot = dir.resolve("data/shot").toString();
        assertThat(CommandResult.run("write", "--broker", router, shot, "x", "1.5").exitCode()).isZero();
        assertThat(CommandResult.run("read", "--broker", router, shot, "x").out()).isEqualTo("1.5\n");
        final Process statProcess = ZomProcess.start("stat", "--broker", router);
        final String statOutput = new String(statProcess.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(statProcess.waitFor()).isZero();
        assertThat(statOutput).as("zom stat as a process prints its output").contains("zom_acked_total 1");
        broker.toHandle().destroy();
        final StringBuilder rest = new StringBuilder();
        while ((line = out.readLine()) != null)
        {
            rest.append(line).append('\n');
        }
        assertThat(broker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(rest.toString()).contains("stopped");
        assertThat(broker.exitValue()).as("0, or 143 = 128 + SIGTERM as a JVM exits on SIGTERM").isIn(0, 143);
        assertThat(Files.readString(dir.resolve("data/shot/.meta/x.float"))).isEqualTo("1.5");
    }

    @Test
    @Timeout(180)
    void aBrokerOutOfMemoryShouldExitAtOnceSoThatItCanBeRestarted() throws Exception
    {
        final Path config = dir.resolve("broker.properties");
        Files.writeString(config, "zom.broker.reply.hwm=1000000\nzom.broker.durability=none\n" +
            "zom.broker.pull=tcp://127.0.0.1:*\nzom.broker.events=off\n");
        final Process broker = new ProcessBuilder(ZomProcess.command(List.of("-Xmx64m"), "broker", "--config",
            config.toString(), "--root", dir.resolve("data").toString(), "--journal", dir.resolve("journal").toString(),
            "--router", "tcp://127.0.0.1:*", "--events", "off")).redirectErrorStream(true).start();
        final BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(),
            StandardCharsets.UTF_8));
        String router = null;
        String line;
        while ((line = out.readLine()) != null && !line.contains("listening"))
        {
            final Matcher m = ROUTER.matcher(line);
            if (m.find())
            {
                router = m.group(1);
            }
        }
        final StringBuilder printed = new StringBuilder();
        final Thread reader = new Thread(() -> out.lines().forEach(l -> printed.append(l).append('\n')));
        reader.start();
        sendWithoutReadingReplies(router, dir.resolve("data/shot").toString(), broker);
        assertThat(broker.waitFor(60, TimeUnit.SECONDS)).as("the broker exited").isTrue();
        reader.join();
        assertThat(broker.exitValue()).as(printed.toString()).isEqualTo(BrokerCommand.EXIT_FATAL);
        assertThat(printed.toString()).contains(BrokerCommand.FATAL_MESSAGE);
    }

    /**
     * Acknowledged writes from a client that never reads the replies, which with a reply high-water mark of a
     * million fill a 64 MiB broker's heap, until the broker is gone.
     */
    @Test
    @Timeout(60)
    void aCommandOnAJournalShouldPrintItsOwnLinesOnly() throws Exception
    {
        final Path journal = dir.resolve("journal");
        Journal.open(new Journal.Context().directory(journal)).close();
        final Process stat = ZomProcess.start("journal", "stat", "--journal", journal.toString());
        final String output = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(stat.waitFor()).isZero();
        assertThat(output).as("no Chronicle INFO lines on stderr").startsWith("journal " + journal)
            .doesNotContain(" INFO ");
    }

    private static void sendWithoutReadingReplies(final String router, final String shot, final Process broker)
    {
        final RequestEncoder encoder = new RequestEncoder();
        final ExpandableArrayBuffer request = new ExpandableArrayBuffer();
        try (ZContext zmq = new ZContext(1))
        {
            final ZMQ.Socket dealer = zmq.createSocket(SocketType.DEALER);
            dealer.setLinger(0);
            dealer.setSendTimeOut(1_000);
            dealer.connect(router);
            for (int i = 0; i < 10_000_000 && broker.isAlive(); i++)
            {
                final int length = encoder.encode(request, 0, Protocol.OP_WRITE, 7, i + 1, (byte)0, (short)0,
                    shot + (i % 10), "e" + (i % 1000), Value.of((long)i));
                dealer.send(request.byteArray(), 0, length, 0);
            }
        }
    }
}
