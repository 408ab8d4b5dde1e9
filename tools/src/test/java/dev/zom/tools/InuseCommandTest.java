package dev.zom.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zom inuse} finds a file this very process holds open, with its pid, and nothing once it is closed; through a
 * symbolic link too; and says so when there is nothing at the path.
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

    @Test
    void shouldFindFilesThroughASymbolicLinkAndListAFileOpenTwiceOnce() throws Exception
    {
        final Path file = Files.createDirectories(dir.resolve("fs/shot/.meta")).resolve("frames.int");
        Files.writeString(file, "42");
        final Path show = Files.createSymbolicLink(dir.resolve("show"), dir.resolve("fs"));
        try (RandomAccessFile once = new RandomAccessFile(file.toFile(), "r");
            RandomAccessFile twice = new RandomAccessFile(file.toFile(), "r"))
        {
            final CommandResult result = CommandResult.run("inuse", show.resolve("shot").toString());
            assertThat(result.exitCode()).isZero();
            final String real = "\t" + file.toRealPath();
            assertThat(result.out().lines().filter(line -> line.endsWith(real)))
                .as("one line for the file this process holds open twice").hasSize(1);
            assertThat(once.length() + twice.length()).isEqualTo(4);
        }
    }

    @Test
    void aPathWithNothingThereShouldBeAnErrorNotAnEmptyList()
    {
        final CommandResult result = CommandResult.run("inuse", dir.resolve("shto010").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no file or folder at " + dir.resolve("shto010"));
    }
}
