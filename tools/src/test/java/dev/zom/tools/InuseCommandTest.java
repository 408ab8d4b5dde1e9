package dev.zom.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zom inuse} finds a file this very process holds open, with its pid, and nothing once it is closed.
 */
class InuseCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldListTheProcessThatHoldsAFileOpen() throws Exception
    {
        final Path file = Files.createDirectories(dir.resolve("shot/.meta")).resolve("frames.int");
        Files.writeString(file, "42");
        try (RandomAccessFile held = new RandomAccessFile(file.toFile(), "r"))
        {
            final CommandResult result = CommandResult.run("inuse", dir.toString());
            assertThat(result.exitCode()).isZero();
            assertThat(result.out()).contains(ProcessHandle.current().pid() + "\t", file.toString());
            assertThat(held.length()).isEqualTo(2);
        }
        assertThat(CommandResult.run("inuse", dir.toString()).out()).doesNotContain(file.toString());
    }
}
