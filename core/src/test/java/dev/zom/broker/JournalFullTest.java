package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.client.WriteRefusedException;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When the journal's disk runs out of room the broker stops acknowledging with a clear {@code unavailable} error
 * instead of acknowledging what it could not journal, keeps running, and takes writes again once space is freed.
 * Uses a real small tmpfs for the journal when this machine can mount one.
 */
class JournalFullTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aFullJournalDiskShouldAnswerUnavailableAndRecover() throws Exception
    {
        final Path journal = Files.createDirectories(dir.resolve("journal"));
        final boolean mounted = TmpfsMount.tryMount(journal, "300m");
        try
        {
            final long reserve = mounted ? 120L << 20 : Files.getFileStore(journal).getUsableSpace() + (1L << 40);
            final BrokerContext context = BrokerContext.embedded(dir).journalDirectory(journal)
                .journalReserveBytes(reserve);
            try (Broker broker = Broker.launch(context);
                ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
            {
                final String shot = dir.resolve("data/shot").toString();
                final Path filler = journal.resolve("filler");
                if (mounted)
                {
                    client.writeAcked(shot, "before", Value.of(1L));
                    try (RandomAccessFile file = new RandomAccessFile(filler.toFile(), "rw"))
                    {
                        final byte[] block = new byte[1 << 20];
                        final long target = Files.getFileStore(journal).getUsableSpace() - (64L << 20);
                        for (long written = 0; written < target; written += block.length)
                        {
                            file.write(block);
                        }
                    }
                    Thread.sleep(2 * JournalSpace.CHECK_NANOS / 1_000_000);
                }
                final long journaledBefore = broker.journaledIndex();
                assertThatThrownBy(() -> client.writeAcked(shot, "during", Value.of(2L)))
                    .isInstanceOf(WriteRefusedException.class)
                    .satisfies(e -> assertThat(((WriteRefusedException)e).code()).isEqualTo(ErrorCode.UNAVAILABLE))
                    .hasMessageContaining("MiB free");
                assertThat(broker.journaledIndex()).isEqualTo(journaledBefore);
                assertThat(broker.counters().rejectedFor(ErrorCode.UNAVAILABLE)).isEqualTo(1);
                if (mounted)
                {
                    Files.delete(filler);
                    Thread.sleep(2 * JournalSpace.CHECK_NANOS / 1_000_000);
                    assertThat(client.writeAcked(shot, "after", Value.of(3L)).journalIndex())
                        .isGreaterThan(journaledBefore);
                    Await.applied(broker);
                    assertThat(Files.readString(Path.of(shot, ".meta/after.int"))).isEqualTo("3");
                    assertThat(Files.exists(Path.of(shot, ".meta/during.int"))).isFalse();
                }
            }
        }
        finally
        {
            if (mounted)
            {
                TmpfsMount.unmount(journal);
            }
        }
    }
}
