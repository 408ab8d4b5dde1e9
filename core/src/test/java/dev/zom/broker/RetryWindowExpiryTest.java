package dev.zom.broker;

import dev.zom.journal.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry window of a client that wrote nothing for the expiry, or that said bye a grace ago, is forgotten, and so
 * is that of the client that wrote least recently when a new client would exceed the bound, so a broker that sees
 * many short-lived clients does not grow without bound; the snapshot keeps each client's last write time and the
 * order the clients last wrote in across restarts.
 */
class RetryWindowExpiryTest
{
    private static final int UNBOUNDED = Integer.MAX_VALUE;

    @TempDir
    Path dir;

    @Test
    void theWindowOfAnIdleClientShouldBeForgottenAfterTheExpiry()
    {
        final RetryWindows windows = new RetryWindows(16, 1024, UNBOUNDED, 1_000, 0);
        windows.journaled(1, 1, 10, 0);
        windows.journaled(2, 1, 11, 5_000);
        assertThat(windows.indexOf(1, 1)).isEqualTo(10);
        assertThat(windows.expire(5_500)).isEqualTo(1);
        assertThat(windows.indexOf(1, 1)).isEqualTo(Checkpoint.NONE);
        assertThat(windows.indexOf(2, 1)).isEqualTo(11);
        windows.journaled(2, 2, 12, 5_900);
        assertThat(windows.expire(6_500)).as("a write renews the window").isZero();
    }

    @Test
    void theExpiryShouldForgetEveryIdleWindowWhateverOrderTheClientsWroteIn()
    {
        final RetryWindows windows = new RetryWindows(16, 1024, UNBOUNDED, 1_000, 0);
        windows.journaled(1, 1, 10, 5_000);
        windows.journaled(2, 1, 11, 0);
        windows.journaled(3, 1, 12, 5_000);
        windows.journaled(4, 1, 13, 0);
        assertThat(windows.expire(5_500)).as("the wall clock stepped back between writes").isEqualTo(2);
        assertThat(windows.indexOf(1, 1)).isEqualTo(10);
        assertThat(windows.indexOf(3, 1)).isEqualTo(12);
        assertThat(windows.size()).isEqualTo(2);
    }

    @Test
    void theWindowOfAClientThatSaidByeShouldBeForgottenOnceTheGraceHasPassed()
    {
        final RetryWindows windows = new RetryWindows(16, 1024, UNBOUNDED, Long.MAX_VALUE, 1_000);
        windows.journaled(1, 1, 10, 0);
        windows.journaled(2, 1, 11, 0);
        windows.journaled(3, 1, 12, 0);
        assertThat(windows.byes().offer(1)).isTrue();
        assertThat(windows.byes().offer(2)).isTrue();
        assertThat(windows.byes().offer(99)).as("a client without a window").isTrue();
        assertThat(windows.forgetSaidBye(100)).isZero();
        assertThat(windows.indexOf(1, 1)).as("a retry still on its way is recognised").isEqualTo(10);
        windows.journaled(2, 2, 13, 500);
        assertThat(windows.forgetSaidBye(1_099)).isZero();
        assertThat(windows.forgetSaidBye(1_100)).isEqualTo(1);
        assertThat(windows.indexOf(1, 1)).isEqualTo(Checkpoint.NONE);
        assertThat(windows.indexOf(2, 1)).as("a client that wrote after its bye keeps its window").isEqualTo(11);
        assertThat(windows.indexOf(3, 1)).as("a client that said nothing keeps its window").isEqualTo(12);
        assertThat(windows.size()).isEqualTo(2);
    }

    @Test
    void aNewClientBeyondTheBoundShouldTakeTheWindowOfTheClientThatWroteLeastRecently()
    {
        final RetryWindows windows = new RetryWindows(16, 1024, 3, Long.MAX_VALUE, 0);
        windows.journaled(1, 1, 10, 0);
        windows.journaled(2, 1, 11, 0);
        windows.journaled(3, 1, 12, 0);
        windows.journaled(1, 2, 13, 0);
        assertThat(windows.evicted()).isZero();
        windows.journaled(4, 1, 14, 0);
        assertThat(windows.size()).isEqualTo(3);
        assertThat(windows.evicted()).isEqualTo(1);
        assertThat(windows.indexOf(2, 1)).as("client 2 wrote least recently").isEqualTo(Checkpoint.NONE);
        assertThat(windows.indexOf(1, 1)).as("client 1 wrote again after 2 and 3").isEqualTo(10);
        assertThat(windows.indexOf(3, 1)).isEqualTo(12);
        assertThat(windows.indexOf(4, 1)).isEqualTo(14);
        windows.journaled(0, 1, 15, 0);
        assertThat(windows.evicted()).as("anonymous writes take no window").isEqualTo(1);
        windows.journaled(5, 1, 16, 0);
        assertThat(windows.indexOf(3, 1)).as("then client 3").isEqualTo(Checkpoint.NONE);
        assertThat(windows.indexOf(1, 2)).isEqualTo(13);
        assertThat(windows.evicted()).isEqualTo(2);
    }

    @Test
    void theSnapshotShouldKeepEachClientsLastWriteTime() throws Exception
    {
        final RetryWindows before = new RetryWindows(16, 1024, UNBOUNDED, 1_000, 0);
        before.journaled(1, 1, 10, 0);
        before.journaled(2, 1, 11, 5_000);
        final DedupSnapshot snapshot = new DedupSnapshot(dir);
        before.snapshot(snapshot);
        final RetryWindows after = new RetryWindows(16, 1024, UNBOUNDED, 1_000, 0);
        final DedupSnapshot.Loaded loaded = snapshot.load(16);
        assertThat(loaded.index()).isEqualTo(11);
        assertThat(loaded.clientId()).isEqualTo(2);
        loaded.into(after);
        assertThat(after.indexOf(1, 1)).isEqualTo(10);
        assertThat(after.expire(5_500)).isEqualTo(1);
        assertThat(after.indexOf(2, 1)).isEqualTo(11);
        assertThat(snapshot.load(32)).as("another window size").isNull();
    }

    @Test
    void aSnapshotLoadedUnderASmallerBoundShouldKeepTheClientsThatWroteMostRecently() throws Exception
    {
        final RetryWindows before = new RetryWindows(16, 1024, UNBOUNDED, Long.MAX_VALUE, 0);
        for (long client = 1; client <= 5; client++)
        {
            before.journaled(client, 1, 10 + client, 0);
        }
        before.journaled(2, 2, 20, 0);
        before.journaled(1, 2, 21, 0);
        final DedupSnapshot snapshot = new DedupSnapshot(dir);
        before.snapshot(snapshot);
        final RetryWindows after = new RetryWindows(16, 1024, 3, Long.MAX_VALUE, 0);
        snapshot.load(16).into(after);
        assertThat(after.size()).isEqualTo(3);
        assertThat(after.indexOf(5, 1)).isEqualTo(15);
        assertThat(after.indexOf(2, 2)).isEqualTo(20);
        assertThat(after.indexOf(1, 2)).isEqualTo(21);
        assertThat(after.indexOf(3, 1)).as("clients 3 and 4 wrote least recently").isEqualTo(Checkpoint.NONE);
        assertThat(after.indexOf(4, 1)).isEqualTo(Checkpoint.NONE);
    }
}
