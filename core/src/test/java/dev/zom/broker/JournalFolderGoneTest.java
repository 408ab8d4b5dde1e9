package dev.zom.broker;

import dev.zom.ChildJvm;
import dev.zom.ErrorCode;
import dev.zom.client.WriteRefusedException;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import dev.zom.recovery.BrokerMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A journal folder deleted while the broker runs (a clean-up script in a render job's working folder, where an
 * embedded broker keeps its journal by default; a disk unmounted) gets writes refused with what happened, said in
 * the log: they were refused as if the journal's disk had less than 256 MiB free, on a disk with plenty, and the log
 * said nothing. Writes acknowledged before are applied.
 */
@Timeout(120)
class JournalFolderGoneTest
{
    @TempDir
    Path dir;

    @Test
    void writesToADeletedJournalShouldBeRefusedSayingSo() throws Exception
    {
        final String shot = dir.resolve("data/shot").toString();
        try (ChildJvm broker = ChildJvm.startReadingErrors(BrokerMain.class, dir.toString(), "batch");
            ZomClient client = ZomClient.connect(broker.lineContaining("endpoints ").split(" ")[2], null))
        {
            client.writeAcked(shot, "before", Value.of(1L));
            deleteAll(dir.resolve("journal"));
            Thread.sleep(2 * JournalSpace.CHECK_NANOS / 1_000_000);
            assertThatThrownBy(() -> client.writeAcked(shot, "after", Value.of(2L)))
                .isInstanceOf(WriteRefusedException.class)
                .satisfies(e -> assertThat(((WriteRefusedException)e).code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("the journal's folder cannot be read");
            assertThat(broker.lineContaining("zom-journal: cannot read the journal's folder"))
                .contains(dir.resolve("journal").toString()).contains("zom_writer_lag");
            Await.until("the write acknowledged before applied", 30_000,
                () -> Files.exists(Path.of(shot, ".meta/before.int")));
            assertThat(Files.exists(Path.of(shot, ".meta/after.int"))).isFalse();
        }
    }

    private static void deleteAll(final Path folder) throws Exception
    {
        try (Stream<Path> files = Files.walk(folder))
        {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(file);
            }
        }
    }
}
