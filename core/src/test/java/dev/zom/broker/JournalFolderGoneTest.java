package dev.zom.broker;

import dev.zom.ChildJvm;
import dev.zom.ErrorCode;
import dev.zom.client.WriteRefusedException;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import dev.zom.recovery.BrokerMain;
import dev.zom.recovery.WriterLag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A journal folder deleted while the broker runs (a clean-up script in a render job's working folder, where an
 * embedded broker keeps its journal by default; a disk unmounted) gets writes refused with what happened, said in
 * the log: they were refused as if the journal's disk had less than 256 MiB free, on a disk with plenty, and the log
 * said nothing. Every write acknowledged is applied, those acknowledged in the moment before the broker noticed too
 * (they are in the files it holds open).
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
            final CompletableFuture<Long> acked = CompletableFuture.supplyAsync(() -> writeUntilRefused(client, shot));
            Await.until("writes acknowledged", 30_000, () -> Files.exists(Path.of(shot, ".meta/w10.int")));
            deleteAll(dir.resolve("journal"));
            final long last = acked.get(30, TimeUnit.SECONDS);
            assertThat(broker.lineContaining("zom-journal: cannot read the journal's folder"))
                .contains(dir.resolve("journal").toString()).contains("zom_writer_lag");
            Await.until("every acknowledged write applied, those after the folder was deleted too", 30_000,
                () -> Files.exists(Path.of(shot, ".meta/w" + last + ".int")));
            WriterLag.await(client, 30_000);
            assertThat(Files.exists(Path.of(shot, ".meta/w" + (last + 1) + ".int"))).as("the refused write").isFalse();
        }
    }

    /** Writes w1, w2, ... until one is refused, which must say why; the last one acknowledged. */
    private static long writeUntilRefused(final ZomClient client, final String shot)
    {
        for (long i = 1; ; i++)
        {
            try
            {
                client.writeAcked(shot, "w" + i, Value.of(i));
            }
            catch (final WriteRefusedException refused)
            {
                assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(refused).hasMessageContaining("the journal's folder cannot be read");
                return i - 1;
            }
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
