package dev.zom.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zom broker} as a real process: it prints where it listens and its durability, takes writes, and stops
 * cleanly (exit 0) on SIGTERM.
 */
class BrokerProcessTest
{
    private static final Pattern ROUTER = Pattern.compile("ROUTER (tcp://\\S+?),? ");

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
}
