package dev.zom.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A disk writer's first writes survive a restart until its checkpoint passes them.
 */
class FirstWritesTest
{
    @TempDir
    Path dir;

    @Test
    void firstWritesShouldBeFoundAgainAfterARestartUntilTheCheckpointPassesThem()
    {
        final Path file = dir.resolve("writer.first-writes");
        try (FirstWrites life = new FirstWrites(file, 9))
        {
            life.add(10);
            life.add(12);
            life.add(12);
        }
        try (FirstWrites restarted = new FirstWrites(file, 10))
        {
            assertThat(restarted.contains(10)).as("passed by the checkpoint").isFalse();
            assertThat(restarted.contains(12)).isTrue();
            assertThat(restarted.contains(11)).isFalse();
            restarted.passed(11);
            assertThat(restarted.contains(12)).isTrue();
            assertThat(file).exists();
            restarted.passed(12);
            assertThat(restarted.contains(12)).isFalse();
            assertThat(Files.exists(file)).as("emptied once none is left").isFalse();
            restarted.add(20);
        }
        try (FirstWrites again = new FirstWrites(file, 12))
        {
            assertThat(again.contains(20)).isTrue();
        }
    }
}
