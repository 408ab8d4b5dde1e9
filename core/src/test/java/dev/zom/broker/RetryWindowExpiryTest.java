package dev.zom.broker;

import dev.zom.journal.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry window of a client that wrote nothing for the expiry is forgotten, so a broker that sees many
 * short-lived clients does not grow without bound; the snapshot keeps each client's last write time across restarts.
 */
class RetryWindowExpiryTest
{
    @TempDir
    Path dir;

    @Test
    void theWindowOfAnIdleClientShouldBeForgottenAfterTheExpiry()
    {
        final Arbiter arbiter = new Arbiter(16, 1024, 0, Short.MAX_VALUE, 16, false, 1_000);
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
    void theSnapshotShouldKeepEachClientsLastWriteTime() throws Exception
    {
        final Arbiter before = new Arbiter(16, 1024, 0, Short.MAX_VALUE, 16, false, 1_000);
        before.journaled(1, 1, 10, 0);
        before.journaled(2, 1, 11, 5_000);
        final DedupSnapshot snapshot = new DedupSnapshot(dir);
        before.snapshot(snapshot);
        final Arbiter after = new Arbiter(16, 1024, 0, Short.MAX_VALUE, 16, false, 1_000);
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
