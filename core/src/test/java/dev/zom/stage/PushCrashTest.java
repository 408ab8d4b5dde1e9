package dev.zom.stage;

import dev.zom.ChildJvm;
import dev.zom.JournalContents;
import dev.zom.broker.Await;
import dev.zom.broker.Broker;
import dev.zom.broker.BrokerContext;
import dev.zom.client.Ack;
import dev.zom.format.MetaReader;
import dev.zom.format.Value;
import dev.zom.recovery.BrokerMain;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commits and pushes interrupted by {@code kill -9}: of a committing process (every commit that returned is
 * pushed), of the pushing process between an acknowledgement and marking it done, and of the broker in the middle of
 * a push. The next push finishes the job; nothing is lost and nothing is journaled twice.
 */
@Tag("crash")
@Timeout(300)
class PushCrashTest
{
    @TempDir
    Path dir;

    @Test
    void killingThePusherBetweenAckAndDeleteShouldLeaveANextPushThatIsDeduplicated() throws Exception
    {
        final Path stageRoot = dir.resolve("stage");
        final int count = 3_000;
        StageTest.commitNumbers(stageRoot, i -> dir.resolve("data/shot" + (i % 50)), count);
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            try (ChildJvm pusher = ChildJvm.start(PushMain.class, stageRoot.toString(), broker.routerEndpoint(),
                "1000"))
            {
                assertThat(pusher.readLine(120_000)).isEqualTo("acked 1000");
                pusher.kill9();
            }
            final long staged = StageStatus.of(new StageLayout(stageRoot)).staged();
            assertThat(staged).as("the 1000th write was acknowledged but is still staged").isEqualTo(count - 999);
            final PushReport again = Stage.open(stageRoot).push(broker.routerEndpoint());
            assertThat(again.complete()).isTrue();
            assertThat(again.duplicates()).as("acknowledged before the kill, pushed again").isGreaterThanOrEqualTo(1);
            assertThat(again.pushed() + again.duplicates()).isEqualTo(staged);
            assertThat(again.left()).isZero();
            Await.applied(broker);
        }
        assertJournaledOnceEach(count);
        assertTreeHolds(count);
    }

    @Test
    void killingTheBrokerMidPushShouldLoseNothingAndApplyNothingTwice() throws Exception
    {
        final Path stageRoot = dir.resolve("stage");
        final int count = 10_000;
        StageTest.commitNumbers(stageRoot, i -> dir.resolve("data/shot" + (i % 50)), count);
        final PushReport interrupted;
        try (ChildJvm broker = ChildJvm.start(BrokerMain.class, dir.toString(), "batch"))
        {
            final String router = BrokerMain.routerOf(broker);
            final AtomicLong acked = new AtomicLong();
            final CompletableFuture<PushReport> push = CompletableFuture.supplyAsync(() ->
                new StagePush(new StageLayout(stageRoot), router, 2_000).run(new PushListener()
                {
                    @Override
                    public void acked(final Ticket ticket, final Ack ack)
                    {
                        acked.incrementAndGet();
                    }
                }));
            Await.until("3,000 acknowledgements", 120_000, () -> acked.get() >= 3_000);
            broker.kill9();
            interrupted = push.get(60, TimeUnit.SECONDS);
        }
        assertThat(interrupted.complete()).isFalse();
        assertThat(interrupted.left()).isPositive();
        try (ChildJvm broker = ChildJvm.start(BrokerMain.class, dir.toString(), "batch"))
        {
            final String router = BrokerMain.routerOf(broker);
            final PushReport resumed = Stage.open(stageRoot).push(router);
            assertThat(resumed.complete()).isTrue();
            assertThat(resumed.left()).isZero();
            assertThat(interrupted.pushed() + interrupted.duplicates() + resumed.pushed() + resumed.duplicates())
                .isGreaterThanOrEqualTo(count);
            broker.kill9();
        }
        assertJournaledOnceEach(count);
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            Await.applied(broker);
        }
        assertTreeHolds(count);
    }

    @Test
    void everyCommitThatReturnedBeforeAKillShouldBePushed() throws Exception
    {
        final Path stageRoot = dir.resolve("stage");
        final String shot = dir.resolve("data/shot").toString();
        long lastReturned = -1;
        try (ChildJvm committer = ChildJvm.start(CommitMain.class, stageRoot.toString(), shot))
        {
            for (int i = 0; i < 2_000; i++)
            {
                lastReturned = Long.parseLong(committer.readLine(60_000).substring("committed ".length()));
            }
            committer.kill9();
        }
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            final PushReport report = Stage.open(stageRoot).push(broker.routerEndpoint());
            assertThat(report.complete()).isTrue();
            assertThat(report.pushed()).isGreaterThan(lastReturned);
            assertThat(report.left()).isZero();
            Await.applied(broker);
        }
        for (long i = 0; i <= lastReturned; i++)
        {
            assertThat(MetaReader.read(shot, "n" + i)).isEqualTo(Value.of("value " + i));
        }
        assertThat(StageTest.segments(stageRoot)).isEmpty();
    }

    @Test
    void aSegmentStillBeingWrittenShouldStayLiveForOtherProcessesAfterAPushInItsOwnProcess() throws Exception
    {
        final Path stageRoot = dir.resolve("stage");
        final String shot = dir.resolve("data/shot").toString();
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            final Stage stage = Stage.open(stageRoot);
            stage.commit(shot, "before", Value.of(1L));
            assertThat(stage.push(broker.routerEndpoint()).pushed()).isEqualTo(1);
            try (ChildJvm otherProcess = ChildJvm.start(PushMain.class, stageRoot.toString(), broker.routerEndpoint(),
                "1000000"))
            {
                assertThat(otherProcess.readLine(120_000)).isEqualTo("finished without stopping");
            }
            assertThat(StageTest.segments(stageRoot)).as("the live segment was not deleted by the other process")
                .hasSize(1);
            stage.commit(shot, "after", Value.of(2L));
            stage.close();
            final PushReport last = Stage.open(stageRoot).push(broker.routerEndpoint());
            assertThat(last.pushed()).as("the commit after the other push was not lost").isEqualTo(1);
            Await.applied(broker);
        }
        assertThat(MetaReader.read(shot, "after")).isEqualTo(Value.of(2L));
        assertThat(StageTest.segments(stageRoot)).isEmpty();
    }

    private void assertJournaledOnceEach(final int count)
    {
        final Map<Long, String> writers = JournalContents.writers(dir.resolve("journal"));
        assertThat(new HashSet<>(writers.values())).as("no write journaled twice").hasSize(writers.size());
        assertThat(writers).as("every staged write journaled").hasSize(count);
    }

    private void assertTreeHolds(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            assertThat(MetaReader.read(dir.resolve("data/shot" + (i % 50)).toString(), "n" + i))
                .isEqualTo(Value.of((long)i));
        }
    }
}
