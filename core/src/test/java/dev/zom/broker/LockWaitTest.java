package dev.zom.broker;

import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import dev.zom.lock.LockFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker's disk writer honours a lock held by a writer that bypasses it: that entry waits (other entries go on,
 * also in its location) and its writes are applied once the lock is released, the last one winning.
 */
class LockWaitTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void aLockedEntryShouldWaitAndBeAppliedAfterRelease() throws Exception
    {
        final Path shot = dir.resolve("data/shot");
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            final LockFile lock = LockFile.tryAcquire(shot, "locked", "direct writer", Duration.ofMinutes(1))
                .orElseThrow();
            client.writeAcked(shot.toString(), "locked", Value.of(1L));
            client.writeAcked(shot.toString(), "free", Value.of(2L));
            Await.until("the free entry applied", 20_000, () -> Files.exists(shot.resolve(".meta/free.int")));
            Await.until("the locked entry waiting", 20_000, () -> broker.counters().get(BrokerCounter.LOCK_WAITS) > 0);
            assertThat(Files.exists(shot.resolve(".meta/locked.int"))).isFalse();
            assertThat(broker.counters().get(BrokerCounter.APPLY_WAITING)).isEqualTo(1);
            client.writeAcked(shot.toString(), "locked", Value.of(3L));
            client.writeAcked(shot.toString(), "free", Value.of(4L));
            client.writeAcked(shot.toString(), "locked", Value.of(5L));
            Await.until("the free entry rewritten", 20_000,
                () -> Await.contentOf(shot.resolve(".meta/free.int")).equals("4"));
            assertThat(Files.exists(shot.resolve(".meta/locked.int"))).isFalse();
            lock.close();
            Await.applied(broker);
        }
        assertThat(Files.readString(shot.resolve(".meta/locked.int"))).isEqualTo("5");
    }
}
