package dev.zom.broker;

import dev.zom.format.MetaHistory;
import dev.zom.format.Metapath;
import dev.zom.format.Value;
import dev.zom.journal.DurabilityMode;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalAppender;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A disk writer stopped in the middle of a batch restarts where that batch began, so the values its coalesced
 * records replaced are in memory again: here every entry is written by client 1, then overwritten by client 2 inside
 * the conflict window, all in one batch. Restarting at the first record the writer did not write would read each
 * overwrite without the write it replaced, and those entries would keep nothing in history.
 */
class WriterStopHistoryTest
{
    private static final int ENTRIES = 3_000;
    private static final long TIME = 1_764_460_800_000L;

    private final RequestEncoder encoder = new RequestEncoder();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
    private final CRC32C crc = new CRC32C();

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void everyOverwrittenValueShouldBeInHistoryAfterAStopMidBatch()
    {
        final Path data = dir.resolve("data");
        fillJournal(data);
        final Broker first = Broker.launch(BrokerContext.embedded(dir).writerBatch(2 * ENTRIES));
        try
        {
            Await.until("the writer under way", 60_000, () -> first.counters().get(BrokerCounter.APPLIED) > 100);
        }
        finally
        {
            first.close();
        }
        assertThat(first.counters().get(BrokerCounter.APPLIED)).as("stopped mid-batch").isLessThan(ENTRIES);

        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            Await.applied(broker);
            assertThat(broker.errorCount()).isZero();
        }
        int missing = 0;
        for (int i = 0; i < ENTRIES; i++)
        {
            final var history = MetaHistory.list(data.resolve("shot" + i % 10), Metapath.parse("e" + i));
            if (history.size() != 1 || !history.get(0).value().equals(Value.of("first " + i)))
            {
                missing++;
            }
        }
        assertThat(missing).as("entries without exactly their first value in history").isZero();
    }

    private void fillJournal(final Path data)
    {
        final long[] firstIndex = new long[ENTRIES];
        try (Journal journal = Journal.open(new Journal.Context().directory(dir.resolve("journal"))
            .durability(DurabilityMode.NONE)); JournalAppender appender = journal.appender())
        {
            for (int i = 0; i < ENTRIES; i++)
            {
                firstIndex[i] = append(appender, data, i, 1, "first ", JournalRecord.DECISION_APPLY, -1, 0);
            }
            for (int i = 0; i < ENTRIES; i++)
            {
                append(appender, data, i, 2, "second ", JournalRecord.DECISION_OVERWROTE, firstIndex[i], 1);
            }
        }
    }

    /** Appends client {@code client}'s write of entry {@code i}, decided as given: its journal index. */
    private long append(
        final JournalAppender appender, final Path data, final int i, final long client, final String value,
        final byte decision, final long otherIndex, final long otherClient)
    {
        final int length = encoder.encode(buffer, JournalRecord.HEADER_LENGTH, Protocol.OP_WRITE, client, i,
            (byte)0, (short)0, data.resolve("shot" + i % 10).toString(), "e" + i, Value.of(value + i));
        JournalRecord.putHeader(buffer.byteArray(), buffer, length, decision, TIME + client - 1, otherIndex,
            otherClient, crc);
        return appender.append(buffer.byteArray(), 0, JournalRecord.HEADER_LENGTH + length);
    }
}
