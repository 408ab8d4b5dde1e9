package dev.zom.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reader moved back after Chronicle listed the journal's folder at a moment the listing found no cycle file (as
 * one made without a file descriptor left does: a broker at its limit) finds the records again within a wait,
 * instead of whenever Chronicle lists the folder again, up to a minute later: a disk writer reading again after a
 * retry applied nothing meanwhile.
 */
@Timeout(60)
class LostCycleListingTest
{
    private static final int LENGTH = 64;
    private static final long PATIENCE_MILLIS = 5_000;

    @TempDir
    Path dir;

    @Test
    void aReaderMovedBackWhileTheListingHasNoCycleFileShouldFindTheRecordsAgain() throws Exception
    {
        final Path folder = dir.resolve("journal");
        try (Journal journal = Journal.open(new Journal.Context().directory(folder));
            JournalAppender appender = journal.appender();
            JournalReader reader = journal.reader().startAfter(Checkpoint.NONE))
        {
            final byte[] record = new byte[LENGTH];
            for (int i = 0; i < 3; i++)
            {
                appender.append(record, 0, LENGTH);
            }
            assertThat(readFor(reader, 3)).isEqualTo(3);

            listWithoutTheCycleFiles(journal);
            appender.append(record, 0, LENGTH);
            reader.startAfter(Checkpoint.NONE);
            assertThat(readFor(reader, 4)).as("records read again after moving back to the start").isEqualTo(4);
        }
    }

    /** Reads until {@code expected} records are read or the patience runs out; how many were read. */
    private static int readFor(final JournalReader reader, final int expected)
    {
        final byte[] dst = new byte[1024];
        final long deadline = System.nanoTime() + PATIENCE_MILLIS * 1_000_000L;
        int read = 0;
        while (read < expected && System.nanoTime() < deadline)
        {
            if (reader.next(dst) == LENGTH)
            {
                read++;
            }
            else
            {
                Thread.onSpinWait();
            }
        }
        return read;
    }

    /**
     * Has Chronicle list the journal's folder while its cycle files are elsewhere, through a second queue on the same
     * folder (the listing is shared through the folder's metadata file), then puts the files back.
     */
    private void listWithoutTheCycleFiles(final Journal journal) throws Exception
    {
        final Path away = Files.createDirectories(dir.resolve("away"));
        final List<Path> cycles;
        try (Stream<Path> files = Files.list(journal.directory()))
        {
            cycles = files.filter(file -> file.toString().endsWith(".cq4")).toList();
        }
        assertThat(cycles).isNotEmpty();
        for (final Path cycle : cycles)
        {
            Files.move(cycle, away.resolve(cycle.getFileName()));
        }
        try (SingleChronicleQueue other = SingleChronicleQueueBuilder.single(journal.directory().toFile())
            .rollCycle(journal.rollCycle()).build())
        {
            other.refreshDirectoryListing();
            assertThat(other.firstCycle()).as("the listing found no cycle file").isEqualTo(Integer.MAX_VALUE);
        }
        for (final Path cycle : cycles)
        {
            Files.move(away.resolve(cycle.getFileName()), cycle);
        }
    }
}
