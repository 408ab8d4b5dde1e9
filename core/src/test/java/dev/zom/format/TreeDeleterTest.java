package dev.zom.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TreeDeleterTest
{
    @TempDir
    Path dir;

    @Test
    void shouldDeleteAFolderWithEverythingUnderItAndNothingBeside() throws Exception
    {
        final Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("a/b/c"));
        Files.writeString(tree.resolve("a/b/c/deep.int"), "1");
        Files.writeString(tree.resolve("a/top.string"), "\"x\"");
        Files.createDirectories(tree.resolve("empty"));
        Files.writeString(dir.resolve("beside.int"), "2");

        TreeDeleter.delete(tree);

        assertThat(tree).doesNotExist();
        assertThat(dir.resolve("beside.int")).hasContent("2");
    }

    @Test
    void shouldSayWhenThereIsNothingToDelete()
    {
        assertThatThrownBy(() -> TreeDeleter.delete(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
    }
}
