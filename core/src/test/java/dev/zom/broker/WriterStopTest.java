package dev.zom.broker;

import dev.zom.format.Value;
import dev.zom.journal.DurabilityMode;
import dev.zom.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a broker whose disk writer is in the middle of a long batch stops the writer between two records: no
 * interrupted file write (which was logged as a storage failure), its checkpoint where the batch began, and the next
 * start writes the rest.
 */
class WriterStopTest
{
    private static final int ENTRIES = 30_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void aCloseDuringALongBatchShouldStopTheWriterQuietlyAndLoseNothing() throws Exception
    {
        final String shot = dir.resolve("data/shot").toString();
        try (Journal journal = Journal.open(new Journal.Context().directory(dir.resolve("journal"))
            .durability(DurabilityMode.NONE)); OfflineJournalWriter writer = new OfflineJournalWriter(journal, 5))
        {
            for (int i = 0; i < ENTRIES; i++)
            {
                writer.append(shot + (i % 10), "e" + i, Value.of((long)i));
            }
        }
        final BrokerContext context = BrokerContext.embedded(dir).writerBatch(ENTRIES);
        final Broker first = Broker.launch(context);
        try
        {
            Await.until("the writer under way", 60_000, () -> first.counters().get(BrokerCounter.APPLIED) > 100);
        }
        finally
        {
            first.close();
        }
        final long appliedAtClose = first.counters().get(BrokerCounter.APPLIED);
        assertThat(first.errorCount()).isZero();
        assertThat(appliedAtClose).isLessThan(ENTRIES);
        assertThat(files()).isGreaterThanOrEqualTo(appliedAtClose).isLessThan(ENTRIES);

        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            Await.applied(broker);
            assertThat(broker.errorCount()).isZero();
        }
        assertThat(files()).isEqualTo(ENTRIES);
        assertThat(Files.readString(Path.of(shot + "9", ".meta", "e" + (ENTRIES - 1) + ".int")))
            .isEqualTo(String.valueOf(ENTRIES - 1));
    }

    private long files() throws Exception
    {
        try (Stream<Path> walk = Files.walk(dir.resolve("data")))
        {
            return walk.filter(path -> path.getFileName().toString().endsWith(".int")).count();
        }
    }
}
