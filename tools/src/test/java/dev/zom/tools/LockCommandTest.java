package dev.zom.tools;

import dev.zom.lock.LockFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zom lock} holds a lock (renewing it) in a real process; killed with {@code kill -9}, it leaves a lock that
 * expires and is broken by the next writer, and {@code zom lock --list} shows held and stale locks.
 */
class LockCommandTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void aLockLeftByAKilledHolderShouldExpireAndBeBroken() throws Exception
    {
        final Path shot = dir.resolve("shot");
        final Process holder = ZomProcess.start("lock", "--lease", "600ms", shot.toString(), "frames");
        final BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
            StandardCharsets.UTF_8));
        assertThat(out.readLine()).startsWith("locked ");
        Thread.sleep(1_200);
        assertThat(LockFile.isHeld(shot, "frames")).as("renewed past its first lease").isTrue();
        assertThat(CommandResult.run("lock", "--list", dir.toString()).out()).startsWith("held\t");
        final CommandResult refused = CommandResult.run("write", "--direct", shot.toString(), "other", "1");
        assertThat(refused.exitCode()).isZero();
        assertThat(CommandResult.run("lock", "--lease", "soon", shot.toString(), "x").exitCode()).isEqualTo(2);

        holder.destroyForcibly();
        assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(800);
        assertThat(CommandResult.run("lock", "--list", dir.toString()).out()).startsWith("stale\t");
        final CommandResult write = CommandResult.run("write", "--direct", shot.toString(), "frames", "42");
        assertThat(write.exitCode()).as(write.err()).isZero();
        assertThat(Files.readString(shot.resolve(".meta/frames.int"))).isEqualTo("42");
        assertThat(LockFile.tryAcquire(shot, "frames", "test", Duration.ofSeconds(1))).isPresent();
    }
}
