package dev.zom.lock;

import dev.zom.ZomException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lock files: one holder at a time per entry (whatever its case and suffix), released or expired locks can be
 * taken, an expired lock is broken and its old holder learns it lost it, and nothing appears inside {@code .meta}.
 */
@Timeout(30)
class LockFileTest
{
    @TempDir
    Path dir;

    @Test
    void onlyOneWriterShouldHoldAnEntrysLockAndReleaseShouldFreeIt()
    {
        final Path shot = dir.resolve("shot");
        final Optional<LockFile> first = LockFile.tryAcquire(shot, "group/Status", "a", Duration.ofSeconds(30));
        assertThat(first).isPresent();
        assertThat(first.get().file()).isEqualTo(shot.resolve(".zom-locks/group/status.lock"));
        assertThat(first.get().file().toString()).doesNotContain("/.meta/");
        assertThat(LockFile.tryAcquire(shot, "GROUP.dict/status.string", "b", Duration.ofSeconds(30))).isEmpty();
        assertThat(LockFile.isHeld(shot, "group/status")).isTrue();
        assertThat(LockFile.isHeld(shot, "group/other")).isFalse();
        first.get().close();
        assertThat(LockFile.isHeld(shot, "group/status")).isFalse();
        try (LockFile second = LockFile.tryAcquire(shot, "group/status", "b", Duration.ofSeconds(30)).orElseThrow())
        {
            assertThat(second.stillHeld()).isTrue();
        }
    }

    @Test
    void aWaitThatEndsShouldNameWhoHoldsTheLock()
    {
        final Path shot = dir.resolve("shot");
        try (LockFile held = LockFile.tryAcquire(shot, "frames", "render 7", Duration.ofSeconds(30)).orElseThrow())
        {
            assertThatThrownBy(() -> LockFile.acquire(shot, "frames", "b", Duration.ofSeconds(30),
                Duration.ofMillis(50))).isInstanceOf(ZomException.class)
                .hasMessageStartingWith("lock held by another writer (host=")
                .hasMessageContaining("client=render 7").hasMessageNotContaining("token=")
                .hasMessageEndingWith("): " + held.file());
        }
        assertThat(LockFile.holder(shot, "frames")).isEqualTo("nobody now");
    }

    @Test
    void anExpiredLockShouldBeBrokenAndItsHolderShouldLearnItLostIt() throws Exception
    {
        final Path shot = dir.resolve("shot");
        final LockFile stale = LockFile.tryAcquire(shot, "x", "a", Duration.ofMillis(100)).orElseThrow();
        Thread.sleep(250);
        assertThat(LockFile.isHeld(shot, "x")).isFalse();
        try (LockFile taker = LockFile.tryAcquire(shot, "x", "b", Duration.ofSeconds(30)).orElseThrow())
        {
            assertThat(taker.stillHeld()).isTrue();
            assertThat(stale.stillHeld()).isFalse();
            assertThatThrownBy(stale::renew).isInstanceOf(ZomException.class).hasMessageContaining("lost lock");
            stale.close();
            assertThat(LockFile.isHeld(shot, "x")).isTrue();
        }
    }

    @Test
    void aRenewedLockShouldStayHeldPastItsFirstLease() throws Exception
    {
        final Path shot = dir.resolve("shot");
        try (LockFile lock = LockFile.tryAcquire(shot, "x", "a", Duration.ofMillis(300)).orElseThrow())
        {
            for (int i = 0; i < 5; i++)
            {
                Thread.sleep(100);
                lock.renew();
            }
            assertThat(LockFile.tryAcquire(shot, "x", "b", Duration.ofSeconds(1))).isEmpty();
            assertThat(LockFiles.under(dir)).singleElement().satisfies(l ->
            {
                assertThat(l.held()).isTrue();
                assertThat(l.owner()).contains("client=a").doesNotContain("token=");
            });
        }
    }
}
