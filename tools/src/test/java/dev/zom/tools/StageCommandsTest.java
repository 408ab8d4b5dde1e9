package dev.zom.tools;

import dev.zom.broker.Broker;
import dev.zom.broker.BrokerContext;
import dev.zom.format.MetaReader;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zom commit}, {@code zom push}, {@code zom stage-daemon} (as a real process stopped by SIGTERM) and the
 * stage lines of {@code zom stat}.
 */
@Timeout(120)
class StageCommandsTest
{
    @TempDir
    Path dir;

    @Test
    void commitThenPushShouldReachTheTreeAndReportRejectionsAndConflicts() throws Exception
    {
        final String stage = dir.resolve("stage").toString();
        final String shot = dir.resolve("data/shot").toString();
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).conflictWindowMillis(60_000)))
        {
            final String router = broker.routerEndpoint();
            final CommandResult commit = CommandResult.run("commit", "--stage", stage, shot, "frames", "24");
            assertThat(commit.exitCode()).as(commit.err()).isZero();
            assertThat(commit.out()).isEqualTo("staged " + dir.resolve("stage") + shot + "/.meta/frames.int\n");
            assertThat(CommandResult.run("commit", "--stage", stage, "--priority", "2", shot, "status", "done")
                .exitCode()).isZero();
            assertThat(CommandResult.run("commit", "--stage", stage, "/not/a/root", "x", "1").exitCode()).isZero();
            assertThat(CommandResult.run("write", "--broker", router, shot, "status", "wip").exitCode()).isZero();
            assertThat(CommandResult.run("stat", "--stage", stage, "--broker", router).out())
                .contains("# stage " + stage + ": 3 staged, 0 rejected", "zom_acked_total 1");

            final CommandResult push = CommandResult.run("push", "--stage", stage, "--broker", router);
            assertThat(push.exitCode()).isEqualTo(1);
            assertThat(push.out()).contains("rejected: /not/a/root x: OUTSIDE_ROOTS",
                "conflict: " + shot + " status overwrote client", "pushed 2, replaced 0, rejected 1, left 0");
            assertThat(push.err()).contains("1 writes rejected", stage + "/.zom-stage/rejected");
            assertThat(CommandResult.run("read", "--broker", router, shot, "status").out()).isEqualTo("\"done\"\n");

            final CommandResult again = CommandResult.run("push", "--stage", stage, "--broker", router);
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.out()).contains("pushed 0, replaced 0, rejected 0, left 0");
        }
        assertThat(MetaReader.read(shot, "frames")).isEqualTo(Value.of(24L));
    }

    @Test
    void pushToABrokerThatIsDownShouldExitOneAndLeaveTheStage()
    {
        final String stage = dir.resolve("stage").toString();
        assertThat(CommandResult.run("commit", "--stage", stage, "/shot", "x", "1").exitCode()).isZero();
        final CommandResult push = CommandResult.run("push", "--stage", stage, "--broker", "tcp://127.0.0.1:1",
            "--timeout", "300ms");
        assertThat(push.exitCode()).isEqualTo(1);
        assertThat(push.err()).contains("push stopped, 1 writes still staged");
        assertThat(CommandResult.run("stage-daemon", "--stage", stage, "--status").out())
            .contains("1 staged, 0 rejected", "daemon: never ran on this stage");
    }

    @Test
    void aStageDaemonGivenAMalformedEndpointShouldRefuseToStart()
    {
        final String stage = dir.resolve("stage").toString();
        final CommandResult daemon = CommandResult.run("stage-daemon", "--stage", stage, "--broker", "fileserver:5571");
        assertThat(daemon.exitCode()).isEqualTo(1);
        assertThat(daemon.err()).isEqualTo("zom: invalid broker endpoint=fileserver:5571 (tcp://HOST:PORT): Invalid " +
            "URI: fileserver:5571\n");
    }

    @Test
    void theStageDaemonShouldPushWhenQuietAndStopCleanlyOnSigterm() throws Exception
    {
        final String stage = dir.resolve("stage").toString();
        final String shot = dir.resolve("data/shot").toString();
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            final Process daemon = ZomProcess.start("stage-daemon", "--stage", stage, "--broker",
                broker.routerEndpoint(), "--quiet", "200ms", "--max-delay", "5s");
            final BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(),
                StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.contains("SIGTERM stops it"))
            {
                assertThat(line).doesNotContain("zom:");
            }
            assertThat(CommandResult.run("commit", "--stage", stage, shot, "frames", "24").exitCode()).isZero();
            while ((line = out.readLine()) != null && !line.startsWith("stage-daemon: pushed"))
            {
                assertThat(line).doesNotContain("zom:");
            }
            assertThat(line).startsWith("stage-daemon: pushed 1, replaced 0, rejected 0, left 0");
            assertThat(CommandResult.run("read", "--broker", broker.routerEndpoint(), shot, "frames").out())
                .isEqualTo("24\n");
            final CommandResult status = CommandResult.run("stage-daemon", "--stage", stage, "--status");
            assertThat(status.out()).contains("0 staged", "daemon: watching, pid " + daemon.pid(), "pushed 1");
            daemon.toHandle().destroy();
            final StringBuilder rest = new StringBuilder();
            while ((line = out.readLine()) != null)
            {
                rest.append(line).append('\n');
            }
            assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(rest.toString()).contains("stage-daemon: stopped");
            assertThat(daemon.exitValue()).isIn(0, 143);
        }
        assertThat(CommandResult.run("stage-daemon", "--stage", stage, "--status").out()).contains("daemon: stopped");
        assertThat(Files.readString(dir.resolve("data/shot/.meta/frames.int"))).isEqualTo("24");
    }
}
