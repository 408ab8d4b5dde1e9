package dev.zom.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal's space check says in the log when the broker begins to refuse writes and when it takes them again,
 * and tells a journal folder that cannot be read from a disk short of space (on the real file system).
 */
class JournalSpaceTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ErrorLog errors = new ErrorLog(new PrintStream(printed, true, StandardCharsets.UTF_8));

    @Test
    void aDiskShortOfTheReserveShouldBeRefusedAndLoggedOnce() throws Exception
    {
        final JournalSpace space = new JournalSpace(dir, Files.getFileStore(dir).getUsableSpace() + (1L << 40), errors);
        assertThat(space.hasRoom()).isFalse();
        assertThat(space.reason()).contains("MiB free");
        Thread.sleep(2 * JournalSpace.CHECK_NANOS / 1_000_000);
        assertThat(space.hasRoom()).isFalse();
        assertThat(printed.toString(StandardCharsets.UTF_8).lines())
            .singleElement().asString().contains("zom-journal: the journal's disk has less than")
            .contains("reserve.mb");
    }

    @Test
    void aJournalFolderGoneAndBackShouldBeRefusedAsSuchThenTakeWritesAgain() throws Exception
    {
        final Path journal = Files.createDirectories(dir.resolve("journal"));
        final JournalSpace space = new JournalSpace(journal, 0, errors);
        assertThat(space.hasRoom()).isTrue();
        Files.delete(journal);
        Thread.sleep(2 * JournalSpace.CHECK_NANOS / 1_000_000);
        assertThat(space.hasRoom()).isFalse();
        assertThat(space.reason()).contains("the journal's folder cannot be read");
        Files.createDirectories(journal);
        Thread.sleep(2 * JournalSpace.CHECK_NANOS / 1_000_000);
        assertThat(space.hasRoom()).isTrue();
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).hasSize(2)
            .satisfiesExactly(
                gone -> assertThat(gone).contains("cannot read the journal's folder " + journal),
                back -> assertThat(back).isEqualTo("zom: zom-journal: the journal takes writes again"));
    }
}
