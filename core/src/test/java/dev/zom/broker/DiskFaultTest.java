package dev.zom.broker;

import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

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
        try (Broker broker = Broker.launch(context); ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            client.writeAcked(blocked, "first", Value.of(0L));
            Await.applied(broker);
            assertThat(run("chattr", "+i", blockedMeta.toString())).as("chattr +i").isTrue();
            for (int i = 1; i <= 20; i++)
            {
                client.writeAcked(blocked, "e" + (i % 5), Value.of((long)i));
                client.writeAcked(open, "e" + (i % 5), Value.of((long)i));
            }
            Await.until("the open location applied", 20_000, () -> Files.exists(Path.of(open, ".meta/e0.int")) &&
                read(Path.of(open, ".meta/e0.int")).equals("20"));
            assertThat(broker.counters().get(BrokerCounter.APPLY_FAILURES)).isPositive();
            assertThat(broker.counters().get(BrokerCounter.APPLY_WAITING)).isEqualTo(5);
            assertThat(broker.statText()).contains("zom_apply_waiting 5");
            assertThat(broker.appliedIndices().values().iterator().next()).isLessThan(broker.journaledIndex());
            assertThat(Files.exists(blockedMeta.resolve("e1.int"))).isFalse();
        }
        try (Broker broker = Broker.launch(context))
        {
            Await.until("the blocked entries to wait again", 20_000,
                () -> broker.counters().get(BrokerCounter.APPLY_WAITING) == 5);
            assertThat(run("chattr", "-i", blockedMeta.toString())).isTrue();
            Await.applied(broker);
            assertThat(broker.counters().get(BrokerCounter.APPLY_WAITING)).isZero();
        }
        for (int k = 0; k < 5; k++)
        {
            final int last = k == 0 ? 20 : 15 + k;
            assertThat(read(blockedMeta.resolve("e" + k + ".int"))).isEqualTo(String.valueOf(last));
            assertThat(read(Path.of(open, ".meta/e" + k + ".int"))).isEqualTo(String.valueOf(last));
        }
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
                assertThat(run("mount", "-o", "remount,size=16m", small.toString())).isTrue();
                Await.applied(broker);
                assertThat(broker.counters().get(BrokerCounter.APPLY_WAITING)).isZero();
            }
            for (int i = 0; i < 600; i++)
            {
                assertThat(read(small.resolve("shot/.meta/e" + i + ".int"))).isEqualTo(String.valueOf(i));
            }
        }
        finally
        {
            TmpfsMount.unmount(small);
        }
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file);
        }
        catch (final java.io.IOException ex)
        {
            return "";
        }
    }

    private static boolean run(final String... command) throws Exception
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
