package dev.zom.broker;

import dev.zom.JournalContents;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Disk faults on a target: the affected entries wait and are retried, other locations keep being applied, counters
 * say why, and nothing is lost once the fault is cleared, even across a restart. Permission is denied with
 * {@code chattr +i} (it stops root too); a full file system is a small tmpfs.
 */
class DiskFaultTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aLocationThatRefusesWritesShouldWaitWhileOthersAreAppliedAndCatchUpAfterARestart() throws Exception
    {
        final String blocked = dir.resolve("data/blocked").toString();
        final String open = dir.resolve("data/open").toString();
        final Path blockedMeta = Path.of(blocked, ".meta");
        final BrokerContext context = BrokerContext.embedded(dir);
        try (Broker broker = Broker.launch(context);
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            client.writeAcked(blocked, "first", Value.of(0L));
            Await.applied(broker);
            assertThat(Commands.run("chattr", "+i", blockedMeta.toString())).as("chattr +i").isTrue();
            for (int i = 1; i <= 20; i++)
            {
                client.writeAcked(blocked, "e" + (i % 5), Value.of((long)i));
                client.writeAcked(open, "e" + (i % 5), Value.of((long)i));
            }
            Await.until("the open location applied", 20_000, () -> Files.exists(Path.of(open, ".meta/e0.int")) &&
                Await.contentOf(Path.of(open, ".meta/e0.int")).equals("20"));
            assertThat(broker.counters().get(BrokerCounter.APPLY_FAILURES)).isPositive();
            assertThat(broker.counters().get(BrokerCounter.APPLY_WAITING)).as("locations waiting").isEqualTo(1);
            assertThat(broker.statText()).contains("zom_apply_waiting 1");
            assertThat(broker.appliedIndices().values().iterator().next()).isLessThan(broker.journaledIndex());
            assertThat(Files.exists(blockedMeta.resolve("e1.int"))).isFalse();
        }
        try (Broker broker = Broker.launch(context))
        {
            Await.until("the blocked location to wait again", 20_000,
                () -> broker.counters().get(BrokerCounter.APPLY_WAITING) == 1);
            assertThat(Commands.run("chattr", "-i", blockedMeta.toString())).isTrue();
            Await.applied(broker);
            assertThat(broker.counters().get(BrokerCounter.APPLY_WAITING)).isZero();
        }
        for (int k = 0; k < 5; k++)
        {
            final int last = k == 0 ? 20 : 15 + k;
            assertThat(Await.contentOf(blockedMeta.resolve("e" + k + ".int"))).isEqualTo(String.valueOf(last));
            assertThat(Await.contentOf(Path.of(open, ".meta/e" + k + ".int"))).isEqualTo(String.valueOf(last));
        }
    }

    @Test
    @Timeout(120)
    void conflictsParkedInSeveralBatchesShouldAllReachHistoryOnceTheLocationRecovers() throws Exception
    {
        final String blocked = dir.resolve("data/blocked").toString();
        final Path blockedMeta = Path.of(blocked, ".meta");
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).conflictWindowMillis(60_000));
            ZomClient a = ZomClient.connect(broker.routerEndpoint(), null);
            ZomClient b = ZomClient.connect(broker.routerEndpoint(), null))
        {
            a.writeAcked(blocked, "first", Value.of(0L));
            Await.applied(broker);
            assertThat(Commands.run("chattr", "+i", blockedMeta.toString())).as("chattr +i").isTrue();
            for (int round = 1; round <= 3; round++)
            {
                final long applyFailures = broker.counters().get(BrokerCounter.APPLY_FAILURES);
                a.writeAcked(blocked, "status", Value.of("a" + round));
                assertThat(b.writeAcked(blocked, "status", Value.of("b" + round)).overwrote()).isTrue();
                Await.until("the round parked", 20_000,
                    () -> broker.counters().get(BrokerCounter.APPLY_FAILURES) > applyFailures);
            }
            assertThat(Commands.run("chattr", "-i", blockedMeta.toString())).isTrue();
            Await.applied(broker);
        }
        assertThat(Await.contentOf(blockedMeta.resolve("status.string"))).isEqualTo("\"b3\"");
        JournalContents.assertTreeMatchesReplay(dir);
    }

    @Test
    @Timeout(120)
    void locationsRecoveringAtDifferentTimesShouldEachCatchUpWithTheirOwnWritesOnly() throws Exception
    {
        final List<String> blocked = List.of(dir.resolve("data/one").toString(), dir.resolve("data/two").toString());
        final String open = dir.resolve("data/open").toString();
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).conflictWindowMillis(60_000));
            ZomClient a = ZomClient.connect(broker.routerEndpoint(), null);
            ZomClient b = ZomClient.connect(broker.routerEndpoint(), null))
        {
            for (final String location : blocked)
            {
                a.writeAcked(location, "first", Value.of(0L));
            }
            Await.applied(broker);
            for (final String location : blocked)
            {
                assertThat(Commands.run("chattr", "+i", location + "/.meta")).as("chattr +i").isTrue();
            }
            writeRounds(a, b, blocked, open, 1, 30);
            Await.until("both locations waiting", 20_000,
                () -> broker.counters().get(BrokerCounter.APPLY_WAITING) == 2);
            assertThat(Commands.run("chattr", "-i", blocked.get(0) + "/.meta")).isTrue();
            Await.until("the first location caught up", 20_000,
                () -> Await.contentOf(Path.of(blocked.get(0), ".meta/e0.int")).equals("30"));
            assertThat(broker.counters().get(BrokerCounter.APPLY_WAITING)).as("locations waiting").isEqualTo(1);
            assertThat(Files.exists(Path.of(blocked.get(1), ".meta/e0.int"))).isFalse();
            writeRounds(a, b, blocked, open, 31, 40);
            assertThat(Commands.run("chattr", "-i", blocked.get(1) + "/.meta")).isTrue();
            Await.applied(broker);
            assertThat(broker.counters().get(BrokerCounter.APPLY_WAITING)).isZero();
        }
        for (final String location : List.of(blocked.get(0), blocked.get(1), open))
        {
            assertThat(Await.contentOf(Path.of(location, ".meta/e0.int"))).as(location).isEqualTo("39");
        }
        JournalContents.assertTreeMatchesReplay(dir);
    }

    /**
     * Rounds {@code from} to {@code to}: two clients write the same entries of every location, so each write after
     * the first of a round overwrites the other client's (a conflict, kept in history).
     */
    private static void writeRounds(
        final ZomClient a, final ZomClient b, final List<String> blocked, final String open, final int from,
        final int to)
    {
        for (int i = from; i <= to; i++)
        {
            for (final String location : List.of(blocked.get(0), blocked.get(1), open))
            {
                (i % 2 == 0 ? a : b).writeAcked(location, "e" + (i % 3), Value.of((long)i));
            }
        }
    }

    /**
     * A location that waits holds its writer's checkpoint back; reads elsewhere on the same file store must still
     * scan only what the writer has not applied, not everything since that location began to wait.
     */
    @Test
    @Timeout(120)
    void readsShouldScanOnlyWhatIsUnappliedWhileALocationWaits() throws Exception
    {
        final String blocked = dir.resolve("data/blocked").toString();
        final String open = dir.resolve("data/open").toString();
        final int writes = 3_000;
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            client.writeAcked(blocked, "first", Value.of(0L));
            Await.applied(broker);
            assertThat(Commands.run("chattr", "+i", blocked + "/.meta")).as("chattr +i").isTrue();
            try
            {
                client.writeAcked(blocked, "status", Value.of("waiting"));
                for (int i = 0; i < writes; i++)
                {
                    client.send(open, "e" + (i % 100), Value.of((long)i));
                    client.receiveAck();
                }
                Await.until("the open location applied", 20_000,
                    () -> Await.contentOf(Path.of(open, ".meta/e99.int")).equals(String.valueOf(writes - 1)));
                Await.until("a read of the open location scanning only what is unapplied", 20_000, () ->
                {
                    final long before = broker.counters().get(BrokerCounter.QUERY_RECORDS_SCANNED);
                    return client.read(open, "e0").equals(Value.of((long)writes - 100)) &&
                        broker.counters().get(BrokerCounter.QUERY_RECORDS_SCANNED) - before < writes / 10;
                });
                assertThat(broker.appliedIndices().values().iterator().next()).as("the checkpoint held back")
                    .isLessThan(broker.journaledIndex() - writes);
                assertThat(client.read(blocked, "status")).as("read-your-writes where it waits")
                    .isEqualTo(Value.of("waiting"));
                assertThat(client.ls(blocked, null)).extracting(e -> e[0]).contains("first", "status");
            }
            finally
            {
                Commands.run("chattr", "-i", blocked + "/.meta");
            }
            Await.applied(broker);
        }
        assertThat(Await.contentOf(Path.of(blocked, ".meta/status.string"))).isEqualTo("\"waiting\"");
    }

    /**
     * A whole volume gone while writes go on to new folders: every new location waits, but at most
     * {@link WaitingWrites#MAX_WAITING} of them are held in memory; the writer then stops reading until the volume is
     * back, and the journal keeps the rest.
     */
    @Test
    @Timeout(300)
    void aVolumeFailingWhileWritesGoToNewFoldersShouldHoldABoundedNumberWaiting() throws Exception
    {
        final Path volume = Files.createDirectories(dir.resolve("data/volume"));
        final int locations = WaitingWrites.MAX_WAITING + 500;
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            assertThat(Commands.run("chattr", "+i", volume.toString())).as("chattr +i").isTrue();
            try
            {
                for (int i = 0; i < locations; i++)
                {
                    client.send(volume.resolve("shot" + i).toString(), "frames", Value.of((long)i));
                    if (i >= 256)
                    {
                        client.receiveAck();
                    }
                }
                for (int i = 0; i < 256; i++)
                {
                    client.receiveAck();
                }
                Await.until("the bound reached", 120_000,
                    () -> broker.counters().get(BrokerCounter.APPLY_WAITING) == WaitingWrites.MAX_WAITING);
                final long failures = broker.counters().get(BrokerCounter.APPLY_FAILURES);
                Await.until("two more rounds of retries", 60_000,
                    () -> broker.counters().get(BrokerCounter.APPLY_FAILURES) >= failures + 2L * locations);
                assertThat(broker.counters().get(BrokerCounter.APPLY_WAITING)).as("locations waiting")
                    .isEqualTo(WaitingWrites.MAX_WAITING);
            }
            finally
            {
                Commands.run("chattr", "-i", volume.toString());
            }
            Await.until("every location applied", 120_000, () -> broker.appliedIndices().values().stream()
                .allMatch(applied -> applied >= broker.journaledIndex()));
        }
        for (int i = 0; i < locations; i += 997)
        {
            assertThat(Await.contentOf(volume.resolve("shot" + i + "/.meta/frames.int"))).isEqualTo(String.valueOf(i));
        }
        assertThat(Await.contentOf(volume.resolve("shot" + (locations - 1) + "/.meta/frames.int")))
            .isEqualTo(String.valueOf(locations - 1));
    }

    @Test
    @Timeout(120)
    void aFullFileSystemShouldMakeItsEntriesWaitUntilThereIsRoom() throws Exception
    {
        final Path small = Files.createDirectories(dir.resolve("small"));
        final boolean mounted = TmpfsMount.tryMount(small, "1m");
        assertThat(mounted).as("mounting a tmpfs (this test needs root)").isTrue();
        try
        {
            final BrokerContext context = BrokerContext.embedded(dir).root(small);
            try (Broker broker = Broker.launch(context);
                ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
            {
                final String shot = small.resolve("shot").toString();
                for (int i = 0; i < 600; i++)
                {
                    client.writeAcked(shot, "e" + i, Value.of((long)i));
                }
                client.writeAcked(dir.resolve("data/other").toString(), "x", Value.of(1L));
                Await.until("the other store applied", 20_000,
                    () -> Files.exists(dir.resolve("data/other/.meta/x.int")));
                Await.until("entries waiting for room", 20_000,
                    () -> broker.counters().get(BrokerCounter.APPLY_WAITING) > 0);
                assertThat(Commands.run("mount", "-o", "remount,size=16m", small.toString())).isTrue();
                Await.applied(broker);
                assertThat(broker.counters().get(BrokerCounter.APPLY_WAITING)).isZero();
            }
            for (int i = 0; i < 600; i++)
            {
                assertThat(Await.contentOf(small.resolve("shot/.meta/e" + i + ".int"))).isEqualTo(String.valueOf(i));
            }
        }
        finally
        {
            TmpfsMount.unmount(small);
        }
    }
}
