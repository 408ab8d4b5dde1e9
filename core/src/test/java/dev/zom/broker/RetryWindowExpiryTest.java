package dev.zom.broker;

import dev.zom.journal.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry window of a client that wrote nothing for the expiry, or that said bye a grace ago, is forgotten, so a
 * broker that sees many short-lived clients does not grow without bound; the snapshot keeps each client's last write
 * time across restarts.
 */
class RetryWindowExpiryTest
{
    @TempDir
    Path dir;

    @Test
    void theWindowOfAnIdleClientShouldBeForgottenAfterTheExpiry()
    {
        final Arbiter arbiter = new Arbiter(16, 1024, 0, Short.MAX_VALUE, 16, false, 1_000, 0);
        arbiter.journaled(1, 1, 10, 0);
        arbiter.journaled(2, 1, 11, 5_000);
        assertThat(arbiter.duplicateOf(1, 1)).isEqualTo(10);
        assertThat(arbiter.expire(5_500)).isEqualTo(1);
        assertThat(arbiter.duplicateOf(1, 1)).isEqualTo(Checkpoint.NONE);
        assertThat(arbiter.duplicateOf(2, 1)).isEqualTo(11);
        arbiter.journaled(2, 2, 12, 5_900);
        assertThat(arbiter.expire(6_500)).as("a write renews the window").isZero();
    }

    @Test
    void theWindowOfAClientThatSaidByeShouldBeForgottenOnceTheGraceHasPassed()
    {
        final Arbiter arbiter = new Arbiter(16, 1024, 0, Short.MAX_VALUE, 16, false, Long.MAX_VALUE, 1_000);
        arbiter.journaled(1, 1, 10, 0);
        arbiter.journaled(2, 1, 11, 0);
        arbiter.journaled(3, 1, 12, 0);
        assertThat(arbiter.byes().offer(1)).isTrue();
        assertThat(arbiter.byes().offer(2)).isTrue();
        assertThat(arbiter.byes().offer(99)).as("a client without a window").isTrue();
        assertThat(arbiter.forgetSaidBye(100)).isZero();
        assertThat(arbiter.duplicateOf(1, 1)).as("a retry still on its way is recognised").isEqualTo(10);
        arbiter.journaled(2, 2, 13, 500);
        assertThat(arbiter.forgetSaidBye(1_099)).isZero();
        assertThat(arbiter.forgetSaidBye(1_100)).isEqualTo(1);
        assertThat(arbiter.duplicateOf(1, 1)).isEqualTo(Checkpoint.NONE);
        assertThat(arbiter.duplicateOf(2, 1)).as("a client that wrote after its bye keeps its window").isEqualTo(11);
        assertThat(arbiter.duplicateOf(3, 1)).as("a client that said nothing keeps its window").isEqualTo(12);
        assertThat(arbiter.windows()).hasSize(2);
    }

    @Test
    void theSnapshotShouldKeepEachClientsLastWriteTime() throws Exception
    {
        final Arbiter before = new Arbiter(16, 1024, 0, Short.MAX_VALUE, 16, false, 1_000, 0);
        before.journaled(1, 1, 10, 0);
        before.journaled(2, 1, 11, 5_000);
        final DedupSnapshot snapshot = new DedupSnapshot(dir);
        before.snapshot(snapshot);
        final Arbiter after = new Arbiter(16, 1024, 0, Short.MAX_VALUE, 16, false, 1_000, 0);
        final DedupSnapshot.Loaded loaded = snapshot.load(16);
        assertThat(loaded.index()).isEqualTo(11);
        assertThat(loaded.clientId()).isEqualTo(2);
        loaded.into(after);
        assertThat(after.duplicateOf(1, 1)).isEqualTo(10);
        assertThat(after.expire(5_500)).isEqualTo(1);
        assertThat(after.duplicateOf(2, 1)).isEqualTo(11);
        assertThat(snapshot.load(32)).as("another window size").isNull();
    }
}
