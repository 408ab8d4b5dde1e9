package dev.zom.lock;

import dev.zom.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two direct writers in separate JVMs contend for one entry's lock: their critical sections never interleave.
 */
class LockExclusionTest
{
    private static final int ROUNDS = 100;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void twoProcessesShouldNeverHoldTheSameLockAtOnce() throws Exception
    {
        final Path log = dir.resolve("log.txt");
        final Path shot = dir.resolve("shot");
        try (ChildJvm a = ChildJvm.start(LockedAppender.class, shot.toString(), log.toString(), "a",
            String.valueOf(ROUNDS));
            ChildJvm b = ChildJvm.start(LockedAppender.class, shot.toString(), log.toString(), "b",
                String.valueOf(ROUNDS)))
        {
            assertThat(a.readLine(90_000)).isEqualTo("done");
            assertThat(b.readLine(90_000)).isEqualTo("done");
        }
        final List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(4 * ROUNDS);
        for (int i = 0; i < lines.size(); i += 2)
        {
            final String holder = lines.get(i).substring("start ".length());
            assertThat(lines.get(i)).startsWith("start ");
            assertThat(lines.get(i + 1)).as("line " + (i + 1)).isEqualTo("end " + holder);
        }
        assertThat(lines).contains("start a", "start b");
    }
}
