package dev.zom.stage;

import dev.zom.JournalContents;
import dev.zom.broker.Await;
import dev.zom.broker.Broker;
import dev.zom.broker.BrokerContext;
import dev.zom.client.Ack;
import dev.zom.client.ZomClient;
import dev.zom.format.MetaReader;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pushing the stage to a real broker: everything staged reaches the tree and leaves the stage, the newest commit of
 * an entry wins, refused writes move to the rejected area with their reason, conflicts come back to the pusher, a
 * broker that is down leaves everything staged, and pushing tickets again that were already acknowledged journals
 * nothing twice.
 */
@Timeout(120)
class PushTest
{
    @TempDir
    Path dir;

    @Test
    void everyStagedWriteShouldReachTheTreeAndLeaveTheStage() throws Exception
    {
        final Path stageRoot = dir.resolve("stage");
        final Path data = dir.resolve("data");
        final int count = 2_000;
        try (Stage stage = Stage.open(stageRoot))
        {
            for (int i = 0; i < count; i++)
            {
                stage.commit(data.resolve("shot" + (i % 20)).toString(), "frame" + i, Value.of((long)i));
            }
        }
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            final PushReport report = Stage.open(stageRoot).push(broker.routerEndpoint());
            assertThat(report.error()).isNull();
            assertThat(report.pushed()).isEqualTo(count);
            assertThat(report.left()).isZero();
            assertThat(report.rejected()).isZero();
            Await.applied(broker);
        }
        for (int i = 0; i < count; i++)
        {
            assertThat(MetaReader.read(data.resolve("shot" + (i % 20)).toString(), "frame" + i))
                .isEqualTo(Value.of((long)i));
        }
        assertThat(StageTest.segments(stageRoot)).as("finished segments are deleted").isEmpty();
        assertThat(Files.exists(stageRoot.resolve(data.toString().substring(1)).resolve("shot0/.meta/frame0.int")))
            .as("the staged view of a pushed entry is removed").isFalse();
        assertThat(JournalContents.records(dir.resolve("journal"))).hasSize(count);
    }

    @Test
    void theNewestCommitShouldWinAndHistoryCommitsShouldAllBePushedInOrder() throws Exception
    {
        final Path stageRoot = dir.resolve("stage");
        final String shot = dir.resolve("data/shot").toString();
        for (final String value : List.of("one", "two", "three"))
        {
            try (Stage process = Stage.open(stageRoot))
            {
                process.commit(shot, "status", Value.of(value));
            }
        }
        try (Stage stage = Stage.open(stageRoot))
        {
            stage.commit(shot, "take", Value.of(1L), true);
            stage.commit(shot, "take", Value.of(2L), true);
        }
        final PushReport report;
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            report = Stage.open(stageRoot).push(broker.routerEndpoint());
            Await.applied(broker);
        }
        assertThat(report.pushed()).isEqualTo(3);
        assertThat(report.replaced()).isEqualTo(2);
        assertThat(report.left()).isZero();
        assertThat(MetaReader.read(shot, "status")).isEqualTo(Value.of("three"));
        assertThat(MetaReader.read(shot, "take")).isEqualTo(Value.of(2L));
        assertThat(JournalContents.records(dir.resolve("journal")).values())
            .containsExactly(shot + " status three", shot + " take \u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000",
                shot + " take \u0002\u0000\u0000\u0000\u0000\u0000\u0000\u0000");
    }

    @Test
    void aWallClockSetBackBetweenTwoCommitsShouldNotMakeTheOlderOneTheNewest() throws Exception
    {
        final Path stageRoot = dir.resolve("stage");
        final String shot = dir.resolve("data/shot").toString();
        final long[] wallClock = {1_800_000_000_000L};
        try (Stage stage = new Stage(new StageLayout(stageRoot), StageIdentity.BLOCK, () -> wallClock[0]))
        {
            stage.commit(shot, "status", Value.of("older"));
            wallClock[0] -= TimeUnit.HOURS.toMillis(1);
            stage.commit(shot, "status", Value.of("newer"));
        }
        final PushReport report;
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            report = Stage.open(stageRoot).push(broker.routerEndpoint());
            Await.applied(broker);
        }
        assertThat(report.pushed()).isEqualTo(1);
        assertThat(report.replaced()).isEqualTo(1);
        assertThat(MetaReader.read(shot, "status")).isEqualTo(Value.of("newer"));
    }

    @Test
    void aRefusedWriteShouldMoveToTheRejectedAreaWithItsReasonAndTheRestBePushed() throws Exception
    {
        final Path stageRoot = dir.resolve("stage");
        final List<String> reasons = new ArrayList<>();
        final PushReport report = pushBetweenTwoGoodOnes(stageRoot, "/somewhere/else", "outside", reasons);
        assertThat(report.pushed()).isEqualTo(2);
        assertThat(report.rejected()).isEqualTo(1);
        assertThat(report.left()).isZero();
        assertThat(reasons).singleElement().asString().contains("/somewhere/else outside", "OUTSIDE_ROOTS");
        final Path rejected = new StageLayout(stageRoot).rejected();
        try (var files = Files.list(rejected))
        {
            final List<Path> all = files.sorted().toList();
            assertThat(all).extracting(file -> file.getFileName().toString().replaceAll("^[0-9a-f]{16}-", ""))
                .containsExactly("0000000000000002.reason", "0000000000000002.ticket");
            assertThat(Files.readString(all.get(0))).contains("/somewhere/else outside", "OUTSIDE_ROOTS");
            assertThat(new String(Files.readAllBytes(all.get(1)), java.nio.charset.StandardCharsets.US_ASCII))
                .contains("/somewhere/else");
        }
        assertThat(StageStatus.of(new StageLayout(stageRoot)).rejected()).isEqualTo(1);
    }

    @Test
    void aWriteLongerThanTheBrokerTakesShouldBeRejectedAndTheRestPushed() throws Exception
    {
        final List<String> reasons = new ArrayList<>();
        final PushReport report = pushBetweenTwoGoodOnes(dir.resolve("stage"), dir.resolve("data/shot").toString(),
            "notes", reasons);
        assertThat(report.pushed()).isEqualTo(2);
        assertThat(report.rejected()).isEqualTo(1);
        assertThat(report.left()).isZero();
        assertThat(reasons).singleElement().asString().contains("notes", "OVERSIZE");
    }

    /**
     * Commits a good write, one to the given entry (a 20,000-character string when the metapath is {@code notes},
     * else an int), another good one, and pushes them to a new broker.
     */
    private PushReport pushBetweenTwoGoodOnes(
        final Path stageRoot, final String location, final String metapath, final List<String> reasons)
    {
        try (Stage stage = Stage.open(stageRoot))
        {
            stage.commit(dir.resolve("data/shot").toString(), "good", Value.of(1L));
            stage.commit(location, metapath, "notes".equals(metapath) ? Value.of("x".repeat(20_000)) : Value.of(2L));
            stage.commit(dir.resolve("data/shot").toString(), "alsoGood", Value.of(3L));
        }
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            return new StagePush(new StageLayout(stageRoot), broker.routerEndpoint(), 10_000)
                .run(new PushListener()
                {
                    @Override
                    public void rejected(final Path ticket, final String reason)
                    {
                        reasons.add(reason);
                    }
                });
        }
    }

    @Test
    void aTornTicketShouldBeRejectedAndNeverPushed() throws Exception
    {
        final Path stageRoot = dir.resolve("stage");
        try (Stage stage = Stage.open(stageRoot))
        {
            stage.commit(dir.resolve("data/shot").toString(), "status", Value.of("torn by a crash"));
            stage.commit(dir.resolve("data/shot").toString(), "frames", Value.of(24L));
        }
        final Path segment = StageTest.segments(stageRoot).get(0);
        final byte[] bytes = Files.readAllBytes(segment);
        Files.write(segment, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        final PushReport report;
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            report = Stage.open(stageRoot).push(broker.routerEndpoint());
        }
        assertThat(report.pushed()).isEqualTo(1);
        assertThat(report.rejected()).isEqualTo(1);
        assertThat(JournalContents.records(dir.resolve("journal"))).hasSize(1);
    }

    @Test
    void conflictsShouldComeBackToThePusher() throws Exception
    {
        final Path stageRoot = dir.resolve("stage");
        final String shot = dir.resolve("data/shot").toString();
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).conflictWindowMillis(60_000));
            ZomClient other = ZomClient.connect(broker.routerEndpoint(), null))
        {
            final Ack first = other.writeAcked(shot, "status", Value.of("theirs"));
            try (Stage stage = Stage.open(stageRoot))
            {
                stage.commit(shot, "status", Value.of("ours"));
            }
            final List<Ack> seen = new ArrayList<>();
            final PushReport report = new StagePush(new StageLayout(stageRoot), broker.routerEndpoint(), 10_000)
                .run(new PushListener()
                {
                    @Override
                    public void acked(final Ticket ticket, final Ack ack)
                    {
                        seen.add(ack);
                    }
                });
            assertThat(report.conflicts()).singleElement().satisfies(conflict ->
            {
                assertThat(conflict.ack().overwrote()).isTrue();
                assertThat(conflict.ack().otherClient()).isEqualTo(other.clientId());
                assertThat(conflict.ack().otherIndex()).isEqualTo(first.journalIndex());
                assertThat(conflict.describe()).contains(shot + " status overwrote client " +
                    Long.toHexString(other.clientId()));
            });
            assertThat(seen).singleElement().matches(Ack::overwrote);
        }
    }

    @Test
    void aBrokerThatIsDownShouldLeaveEverythingStagedForTheNextPush() throws Exception
    {
        final Path stageRoot = dir.resolve("stage");
        StageTest.commitNumbers(stageRoot, i -> dir.resolve("data/shot"), 50);
        final String endpoint = "tcp://127.0.0.1:" + freePort();
        final PushReport down = new StagePush(new StageLayout(stageRoot), endpoint, 300).run(PushListener.NONE);
        assertThat(down.complete()).isFalse();
        assertThat(down.error()).contains("no reply");
        assertThat(down.pushed()).isZero();
        assertThat(down.left()).isEqualTo(50);
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).routerEndpoint(endpoint)))
        {
            final PushReport up = Stage.open(stageRoot).push(broker.routerEndpoint());
            assertThat(up.complete()).isTrue();
            assertThat(up.pushed()).isEqualTo(50);
            assertThat(up.left()).isZero();
        }
        assertThat(JournalContents.records(dir.resolve("journal"))).hasSize(50);
    }

    @Test
    void aBrokerThatCannotJournalShouldStopThePushAndLeaveEverythingStaged() throws Exception
    {
        final Path stageRoot = dir.resolve("stage");
        StageTest.commitNumbers(stageRoot, i -> dir.resolve("data/shot"), 20);
        final Path journal = java.nio.file.Files.createDirectories(dir.resolve("journal"));
        final long reserve = Files.getFileStore(journal).getUsableSpace() + (1L << 40);
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).journalReserveBytes(reserve)))
        {
            final PushReport report = Stage.open(stageRoot).push(broker.routerEndpoint());
            assertThat(report.complete()).isFalse();
            assertThat(report.error()).contains("MiB free");
            assertThat(report.pushed()).isZero();
            assertThat(report.left()).isEqualTo(20);
        }
    }

    @Test
    void pushingAgainTicketsAlreadyAcknowledgedShouldJournalNothingTwice() throws Exception
    {
        final Path stageRoot = dir.resolve("stage");
        StageTest.commitNumbers(stageRoot, i -> dir.resolve("data/shot" + (i % 7)), 500);
        final Map<Path, byte[]> kept = new HashMap<>();
        for (final Path segment : StageTest.segments(stageRoot))
        {
            kept.put(segment, Files.readAllBytes(segment));
        }
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            assertThat(Stage.open(stageRoot).push(broker.routerEndpoint()).pushed()).isEqualTo(500);
            for (final Map.Entry<Path, byte[]> ticket : kept.entrySet())
            {
                Files.write(ticket.getKey(), ticket.getValue());
            }
            final PushReport again = Stage.open(stageRoot).push(broker.routerEndpoint());
            assertThat(again.pushed()).isZero();
            assertThat(again.duplicates()).isEqualTo(500);
            assertThat(again.left()).isZero();
        }
        assertThat(JournalContents.records(dir.resolve("journal"))).hasSize(500);
    }

    @Test
    void aSegmentStillBeingWrittenShouldBePushedButKeptUntilItsWriterLetsGo() throws Exception
    {
        final Path stageRoot = dir.resolve("stage");
        final String shot = dir.resolve("data/shot").toString();
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            final Stage stage = new Stage(new StageLayout(stageRoot), 8);
            for (int i = 0; i < 10; i++)
            {
                stage.commit(shot, "n" + i, Value.of((long)i));
            }
            assertThat(StageTest.segments(stageRoot)).as("a new segment per 8 sequences").hasSize(2);
            final PushReport first = Stage.open(stageRoot).push(broker.routerEndpoint());
            assertThat(first.pushed()).isEqualTo(10);
            assertThat(first.left()).isZero();
            assertThat(StageTest.segments(stageRoot)).as("the finished segment went, the live one stays").hasSize(1);
            for (int i = 10; i < 13; i++)
            {
                stage.commit(shot, "n" + i, Value.of((long)i));
            }
            final PushReport second = Stage.open(stageRoot).push(broker.routerEndpoint());
            assertThat(second.pushed()).isEqualTo(3);
            assertThat(second.duplicates()).isZero();
            stage.close();
            final PushReport third = Stage.open(stageRoot).push(broker.routerEndpoint());
            assertThat(third.pushed() + third.duplicates()).isZero();
            assertThat(StageTest.segments(stageRoot)).isEmpty();
            Await.applied(broker);
        }
        for (int i = 0; i < 13; i++)
        {
            assertThat(MetaReader.read(shot, "n" + i)).isEqualTo(Value.of((long)i));
        }
        assertThat(JournalContents.records(dir.resolve("journal"))).hasSize(13);
    }

    static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
