package dev.zom.broker;

import dev.zom.replay.TreeSnapshot;
import dev.zom.JournalContents;
import dev.zom.client.Ack;
import dev.zom.client.ConflictEvent;
import dev.zom.client.ConflictSubscriber;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who wins (RFC13): two clients write the same entry inside or outside the conflict window, with equal or different
 * priorities. The stored value, the history, the acknowledgements and the counters are as specified, and replaying
 * the journal into an empty folder gives the same tree and history.
 */
@Timeout(60)
class ConflictTest
{
    @TempDir
    Path dir;

    @Test
    void withEqualPrioritiesTheLaterWriteShouldWinAndTheLoserGoToHistory() throws Exception
    {
        final Path shot = dir.resolve("data/shot");
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).conflictWindowMillis(60_000));
            ZomClient a = ZomClient.connect(broker.routerEndpoint(), null);
            ZomClient b = ZomClient.connect(broker.routerEndpoint(), null))
        {
            final Ack first = a.writeAcked(shot.toString(), "status", Value.of("a-value"));
            final Ack second = b.writeAcked(shot.toString(), "STATUS", Value.of("b-value"));
            assertThat(first.conflicted()).isFalse();
            assertThat(second.overwrote()).isTrue();
            assertThat(second.superseded()).isFalse();
            assertThat(second.otherClient()).isEqualTo(a.clientId());
            assertThat(second.otherIndex()).isEqualTo(first.journalIndex());
            assertThat(b.read(shot.toString(), "status")).isEqualTo(Value.of("b-value"));
            Await.applied(broker);
            assertThat(broker.counters().get(BrokerCounter.CONFLICTS)).isEqualTo(1);
            assertThat(broker.counters().get(BrokerCounter.SUPERSEDED)).isZero();
        }
        assertThat(Files.readString(shot.resolve(".meta/status.string"))).isEqualTo("\"b-value\"");
        final Map<String, String> history = history(shot);
        assertThat(history).hasSize(2);
        assertThat(history.values()).contains("\"a-value\"");
        assertThat(history.keySet())
            .allMatch(file -> file.matches("status&\\d{8}-\\d{6}-\\d{3}/(user|value)\\.string"));
        JournalContents.assertTreeMatchesReplay(dir);
    }

    @Test
    void aLowerPriorityWriteShouldBeSupersededAndKeptInHistory() throws Exception
    {
        final Path shot = dir.resolve("data/shot");
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).conflictWindowMillis(60_000));
            ZomClient high = ZomClient.connect(broker.routerEndpoint(), null).priority((short)5);
            ZomClient low = ZomClient.connect(broker.routerEndpoint(), null))
        {
            final Ack standing = high.writeAcked(shot.toString(), "frames", Value.of(100L));
            final Ack superseded = low.writeAcked(shot.toString(), "frames", Value.of(7L));
            assertThat(superseded.superseded()).isTrue();
            assertThat(superseded.otherClient()).isEqualTo(high.clientId());
            assertThat(superseded.otherIndex()).isEqualTo(standing.journalIndex());
            assertThat(low.read(shot.toString(), "frames")).isEqualTo(Value.of(100L));
            Await.applied(broker);
            assertThat(broker.counters().get(BrokerCounter.SUPERSEDED)).isEqualTo(1);
            assertThat(broker.counters().get(BrokerCounter.CONFLICTS)).isZero();
        }
        assertThat(Files.readString(shot.resolve(".meta/frames.int"))).isEqualTo("100");
        final Map<String, String> history = history(shot);
        assertThat(history.entrySet()).anyMatch(e -> e.getKey().endsWith("/value.int") && e.getValue().equals("7"));
        JournalContents.assertTreeMatchesReplay(dir);
    }

    @Test
    void aHigherPriorityLaterWriteShouldWinAndTheCapShouldApply() throws Exception
    {
        final Path shot = dir.resolve("data/shot");
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).conflictWindowMillis(60_000)
            .maxPriority((short)3));
            ZomClient greedy = ZomClient.connect(broker.routerEndpoint(), null).priority((short)10);
            ZomClient capped = ZomClient.connect(broker.routerEndpoint(), null).priority((short)3))
        {
            greedy.writeAcked(shot.toString(), "x", Value.of(1L));
            assertThat(capped.writeAcked(shot.toString(), "x", Value.of(2L)).overwrote()).isTrue();
            Await.applied(broker);
        }
        assertThat(Files.readString(shot.resolve(".meta/x.int"))).isEqualTo("2");
    }

    @Test
    void writesOutsideTheWindowOrFromTheSameClientOrWithTheWindowOffShouldNotConflict() throws Exception
    {
        final Path shot = dir.resolve("data/shot");
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).conflictWindowMillis(50));
            ZomClient a = ZomClient.connect(broker.routerEndpoint(), null);
            ZomClient b = ZomClient.connect(broker.routerEndpoint(), null))
        {
            a.writeAcked(shot.toString(), "x", Value.of(1L));
            assertThat(a.writeAcked(shot.toString(), "x", Value.of(2L)).conflicted()).isFalse();
            Thread.sleep(200);
            assertThat(b.writeAcked(shot.toString(), "x", Value.of(3L)).conflicted()).isFalse();
            assertThat(broker.counters().get(BrokerCounter.CONFLICTS)).isZero();
            Await.applied(broker);
        }
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).conflictWindowMillis(0));
            ZomClient a = ZomClient.connect(broker.routerEndpoint(), null);
            ZomClient b = ZomClient.connect(broker.routerEndpoint(), null))
        {
            a.writeAcked(shot.toString(), "y", Value.of(1L));
            assertThat(b.writeAcked(shot.toString(), "y", Value.of(2L)).conflicted()).isFalse();
            Await.applied(broker);
        }
        assertThat(Files.exists(shot.resolve(".meta/.history"))).isFalse();
        assertThat(Files.readString(shot.resolve(".meta/x.int"))).isEqualTo("3");
    }

    @Test
    void withHistoryOfEveryOverwriteEveryReplacedValueShouldBeKept() throws Exception
    {
        final Path shot = dir.resolve("data/shot");
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).historyOfEveryOverwrite(true));
            ZomClient a = ZomClient.connect(broker.routerEndpoint(), null))
        {
            for (int i = 1; i <= 3; i++)
            {
                assertThat(a.writeAcked(shot.toString(), "take", Value.of((long)i)).conflicted()).isFalse();
            }
            Await.applied(broker);
            assertThat(broker.counters().get(BrokerCounter.CONFLICTS)).isZero();
            final Map<String, String> history = history(shot);
            assertThat(history.entrySet().stream().filter(e -> e.getKey().endsWith("/value.int"))
                .map(Map.Entry::getValue).sorted()).containsExactly("1", "2");
            assertThat(history.entrySet().stream().filter(e -> e.getKey().endsWith("/user.string"))
                .map(Map.Entry::getValue)).containsOnly("\"client " + Long.toHexString(a.clientId()) + "\"");
        }
        assertThat(Files.readString(shot.resolve(".meta/take.int"))).isEqualTo("3");
        JournalContents.assertTreeMatchesReplay(dir);
    }

    @Test
    void aWriteThatAsksToKeepHistoryShouldKeepTheValueItReplacesAndOnlyThat() throws Exception
    {
        final Path shot = dir.resolve("data/shot");
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir));
            ZomClient a = ZomClient.connect(broker.routerEndpoint(), null))
        {
            a.writeAcked(shot.toString(), "take", Value.of(1L));
            a.writeAcked(shot.toString(), "take", Value.of(2L));
            Await.applied(broker);
            assertThat(a.keepHistory(true).writeAcked(shot.toString(), "take", Value.of(3L)).conflicted()).isFalse();
            a.keepHistory(false).writeAcked(shot.toString(), "take", Value.of(4L));
            Await.applied(broker);
            final Map<String, String> history = history(shot);
            assertThat(history.entrySet().stream().filter(e -> e.getKey().endsWith("/value.int"))
                .map(Map.Entry::getValue)).containsExactly("2");
        }
        assertThat(Files.readString(shot.resolve(".meta/take.int"))).isEqualTo("4");
        JournalContents.assertTreeMatchesReplay(dir);
    }

    @Test
    void subscribersShouldBeToldOfConflictsUnderTheirLocationPrefix() throws Exception
    {
        final String shot = dir.resolve("data/show/shot010").toString();
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).conflictWindowMillis(60_000));
            ConflictSubscriber show = ConflictSubscriber.connect(broker.eventsEndpoint(), dir + "/data/show");
            ConflictSubscriber other = ConflictSubscriber.connect(broker.eventsEndpoint(), dir + "/data/other");
            ZomClient a = ZomClient.connect(broker.routerEndpoint(), null).priority((short)1);
            ZomClient b = ZomClient.connect(broker.routerEndpoint(), null))
        {
            ConflictEvent probe = null;
            for (int i = 0; i < 200 && probe == null; i++)
            {
                a.writeAcked(shot, "probe", Value.of((long)i));
                b.writeAcked(shot, "probe", Value.of((long)i));
                probe = show.next(50);
            }
            assertThat(probe).as("the subscription reached the broker").isNotNull();
            while (show.next(200) != null)
            {
                Thread.onSpinWait();
            }
            final Ack standing = a.writeAcked(shot, "frames", Value.of(1L));
            final Ack superseded = b.writeAcked(shot, "frames", Value.of(2L));
            final ConflictEvent event = show.next(5_000);
            assertThat(event).isEqualTo(new ConflictEvent(shot, "frames", true, b.clientId(), superseded.journalIndex(),
                a.clientId(), standing.journalIndex(), event.timeMillis()));
            assertThat(other.next(200)).isNull();
        }
    }

    private Map<String, String> history(final Path shot) throws Exception
    {
        return TreeSnapshot.of(shot.resolve(".meta/.history"));
    }
}
