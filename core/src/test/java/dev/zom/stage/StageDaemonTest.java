package dev.zom.stage;

import dev.zom.JournalContents;
import dev.zom.ZomException;
import dev.zom.broker.Await;
import dev.zom.broker.Broker;
import dev.zom.broker.BrokerContext;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The push daemon: pushes once commits have been quiet for the threshold and not while they keep coming, pushes at
 * the maximum delay when they never stop, keeps everything staged while the broker is down and pushes once it is
 * back, refuses a second daemon on the same stage, and picks up the stage after its own restart.
 */
@Timeout(120)
class StageDaemonTest
{
    private static final int TIMEOUT_MILLIS = 10_000;

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void itShouldPushOnceCommitsHaveBeenQuietForTheThresholdAndNotBefore() throws Exception
    {
        final StageLayout layout = new StageLayout(dir.resolve("stage"));
        final Duration quiet = Duration.ofMillis(1_000);
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir));
            StageDaemon daemon = StageDaemon.start(layout, broker.routerEndpoint(), quiet, Duration.ofMinutes(1),
                TIMEOUT_MILLIS, log::add);
            Stage stage = Stage.open(layout.root()))
        {
            long lastCommit = 0;
            for (int i = 0; i < 15; i++)
            {
                stage.commit(dir.resolve("data/shot").toString(), "n" + i, Value.of((long)i));
                lastCommit = System.nanoTime();
                assertThat(daemon.pushes()).as("no push while commits keep coming").isZero();
                TimeUnit.MILLISECONDS.sleep(100);
            }
            Await.until("a push", 30_000, () -> daemon.pushes() >= 1);
            final PushReport report = daemon.lastReport();
            assertThat(report.startNanos() - lastCommit).as("pushed only after the quiet threshold")
                .isGreaterThanOrEqualTo(quiet.toNanos());
            assertThat(report.pushed()).isEqualTo(15);
            assertThat(report.left()).isZero();
            assertThat(daemon.pushes()).isEqualTo(1);
        }
        assertThat(log).anyMatch(line -> line.startsWith("stage-daemon: pushed 15"));
    }

    @Test
    void itShouldPushAtTheMaximumDelayWhenCommitsNeverStop() throws Exception
    {
        final StageLayout layout = new StageLayout(dir.resolve("stage"));
        final Duration maxDelay = Duration.ofMillis(700);
        final Duration quiet = Duration.ofSeconds(30);
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir));
            StageDaemon daemon = StageDaemon.start(layout, broker.routerEndpoint(), quiet, maxDelay,
                TIMEOUT_MILLIS, log::add);
            Stage stage = Stage.open(layout.root()))
        {
            final long firstCommit = System.nanoTime();
            final long deadline = firstCommit + TimeUnit.SECONDS.toNanos(20);
            for (int i = 0; daemon.pushes() < 2 && System.nanoTime() < deadline; i++)
            {
                stage.commit(dir.resolve("data/shot").toString(), "n" + i, Value.of((long)i));
                TimeUnit.MILLISECONDS.sleep(20);
            }
            assertThat(daemon.pushes()).as("pushed twice while commits kept coming").isGreaterThanOrEqualTo(2);
            final PushReport report = daemon.lastReport();
            assertThat(report.startNanos() - firstCommit).isGreaterThanOrEqualTo(2 * maxDelay.toNanos())
                .isLessThan(quiet.toNanos());
            assertThat(report.pushed()).isPositive();
        }
    }

    @Test
    void itShouldKeepEverythingStagedWhileTheBrokerIsDownAndPushOnceItIsBack() throws Exception
    {
        final StageLayout layout = new StageLayout(dir.resolve("stage"));
        final String endpoint = "tcp://127.0.0.1:" + PushTest.freePort();
        try (StageDaemon daemon = StageDaemon.start(layout, endpoint, Duration.ofMillis(100), Duration.ofSeconds(1),
            300, log::add))
        {
            StageTest.commitNumbers(layout.root(), i -> dir.resolve("data/shot"), 10);
            Await.until("a failed push", 30_000, () -> daemon.lastReport() != null);
            assertThat(daemon.lastReport().complete()).isFalse();
            assertThat(StageStatus.of(layout).staged()).isEqualTo(10);
            assertThat(String.join("\n", StageStatus.of(layout).describe())).contains("waiting for the broker",
                "last error");
            try (Broker broker = Broker.launch(BrokerContext.embedded(dir).routerEndpoint(endpoint)))
            {
                Await.until("the stage to empty into " + broker.routerEndpoint(), 60_000,
                    () -> StageStatus.of(layout).staged() == 0);
            }
        }
        assertThat(log).anyMatch(line -> line.contains("will push again in"));
        assertThat(JournalContents.records(dir.resolve("journal"))).hasSize(10);
    }

    @Test
    void oneDaemonPerStageAndANewOnePicksUpWhatTheOldOneLeft() throws Exception
    {
        final StageLayout layout = new StageLayout(dir.resolve("stage"));
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            try (StageDaemon first = StageDaemon.start(layout, broker.routerEndpoint(), Duration.ofMinutes(1),
                Duration.ofMinutes(1), TIMEOUT_MILLIS, log::add))
            {
                assertThatThrownBy(() -> StageDaemon.start(layout, broker.routerEndpoint(), Duration.ofSeconds(1),
                    Duration.ofSeconds(1), TIMEOUT_MILLIS, log::add))
                    .isInstanceOf(ZomException.class).hasMessageContaining("already runs");
                StageTest.commitNumbers(layout.root(), i -> dir.resolve("data/shot"), 5);
                assertThat(String.join("\n", StageStatus.of(layout).describe())).contains("5 staged", "watching",
                    "last push: none yet");
                assertThat(first.pushes()).isZero();
            }
            assertThat(String.join("\n", StageStatus.of(layout).describe())).contains("daemon: stopped");
            try (StageDaemon second = StageDaemon.start(layout, broker.routerEndpoint(), Duration.ofMillis(200),
                Duration.ofSeconds(5), TIMEOUT_MILLIS, log::add))
            {
                Await.until("the stage to empty", 30_000, () -> StageStatus.of(layout).staged() == 0);
                Await.until("the push to be reported", 30_000, () -> second.pushes() == 1 &&
                    String.join("\n", StageStatus.of(layout).describe()).contains("watching"));
                assertThat(second.lastReport().pushed()).isEqualTo(5);
                assertThat(String.join("\n", StageStatus.of(layout).describe())).contains("last push:", "pushed 5");
                try (Stage stage = Stage.open(layout.root()))
                {
                    stage.commit(dir.resolve("data/shot").toString(), "later", Value.of(1L));
                }
                Await.until("a second push", 30_000, () -> second.pushes() == 2);
                assertThat(second.lastReport().pushed()).as("each report counts its own push").isEqualTo(1);
            }
        }
    }
}
