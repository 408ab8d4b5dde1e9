package dev.zom.broker;

import dev.zom.replay.TreeSnapshot;
import dev.zom.format.MetaHistory;
import dev.zom.format.MetaReader;
import dev.zom.format.MetaWriter;
import dev.zom.format.Metapath;
import dev.zom.format.Roots;
import dev.zom.format.Value;
import dev.zom.journal.DurabilityMode;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalAppender;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applying a journal record again, as a disk writer does after a crash between writing a batch's files and moving
 * its checkpoint, leaves the tree as one apply did: the value a conflict replaced is kept in history once, not a
 * second time (and never as the winner's own value, or a later one, which is what the entry may hold by then).
 */
class WriteApplierTest
{
    private static final long TIME = 1_764_460_800_123L;
    private static final Metapath STATUS = Metapath.parse("status");

    private final RequestEncoder encoder = new RequestEncoder();
    private final CRC32C crc = new CRC32C();

    @Test
    void anOverwriteAppliedTwiceShouldKeepTheReplacedValueOnce(@TempDir final Path root)
    {
        final Path shot = root.resolve("shot");
        final byte[] overwrite = record(shot, 2, "v1", JournalRecord.DECISION_OVERWROTE, TIME, 10);
        apply(root, firstWrite(shot), overwrite, overwrite);
        final List<MetaHistory.Imprint> history = MetaHistory.list(shot, STATUS);
        assertThat(history).extracting(MetaHistory.Imprint::value).containsExactly(Value.of("v0"));
        assertThat(history.get(0).user()).isEqualTo(WriteApplier.user(1));
        assertThat(MetaReader.readFile(MetaReader.find(shot, STATUS).path(), MetaReader.find(shot, STATUS).type()))
            .isEqualTo(Value.of("v1"));
    }

    @Test
    void anOverwriteWhoseHistoryWasWrittenBeforeACrashShouldNotKeepItTwice(@TempDir final Path root)
    {
        final Path shot = root.resolve("shot");
        apply(root, firstWrite(shot));
        try (MetaWriter crashed = new MetaWriter(Roots.of(List.of(root)), false))
        {
            crashed.writeHistory(shot, STATUS, Value.of("v0"), WriteApplier.user(1), TIME);
        }
        apply(root, record(shot, 2, "v1", JournalRecord.DECISION_OVERWROTE, TIME, 10));
        assertThat(historyOf(shot)).containsExactly(Value.of("v0"));
    }

    @Test
    void aCoalescedEntryAppliedTwiceShouldKeepEachLoserOnce(@TempDir final Path root)
    {
        final Path shot = root.resolve("shot");
        final byte[] first = firstWrite(shot);
        final byte[] second = record(shot, 2, "v1", JournalRecord.DECISION_OVERWROTE, TIME, 10);
        final byte[] third = record(shot, 1, "v2", JournalRecord.DECISION_OVERWROTE, TIME, 11);
        final Coalescer batch = new Coalescer();
        batch.add(shot.toString(), "status", first, first.length, 10);
        batch.add(shot.toString(), "status", second, second.length, 11);
        batch.add(shot.toString(), "status", third, third.length, 12);
        try (WriteApplier applier = new WriteApplier(List.of(root), false))
        {
            applier.apply(batch.entries().iterator().next(), null);
            applier.apply(batch.entries().iterator().next(), null);
        }
        assertThat(historyOf(shot)).containsExactly(Value.of("v0"), Value.of("v1"));
    }

    @Test
    void aSupersededWriteAppliedTwiceShouldBeKeptOnce(@TempDir final Path root)
    {
        final Path shot = root.resolve("shot");
        final byte[] superseded = record(shot, 2, "late", JournalRecord.DECISION_SUPERSEDED, TIME, 10);
        apply(root, firstWrite(shot), superseded, superseded);
        assertThat(historyOf(shot)).containsExactly(Value.of("late"));
    }

    @Test
    void twoConflictsInOneMillisecondShouldBothBeKept(@TempDir final Path root)
    {
        final Path shot = root.resolve("shot");
        apply(root, firstWrite(shot), record(shot, 2, "v1", JournalRecord.DECISION_OVERWROTE, TIME, 10),
            record(shot, 1, "v2", JournalRecord.DECISION_OVERWROTE, TIME, 11));
        assertThat(historyOf(shot)).containsExactly(Value.of("v0"), Value.of("v1"));
    }

    @Test
    void anOverwriteAppliedAgainAfterLaterWritesShouldKeepTheOverwrittenValueOnce(@TempDir final Path dir)
    {
        final Path root = dir.resolve("data");
        final Path shot = root.resolve("shot");
        try (Journal journal = journalIn(dir); JournalAppender appender = journal.appender())
        {
            final byte[] first = firstWrite(shot);
            final long firstIndex = appender.append(first, 0, first.length);
            final byte[] second = record(shot, 2, "v1", JournalRecord.DECISION_OVERWROTE, TIME, firstIndex);
            final long secondIndex = appender.append(second, 0, second.length);
            final byte[] third = record(shot, 1, "v2", JournalRecord.DECISION_OVERWROTE, TIME + 5, secondIndex);
            appender.append(third, 0, third.length);
            try (WriteApplier applier = new WriteApplier(List.of(root), false, new OverwrittenWrites(journal, 1024)))
            {
                for (final byte[] record : List.of(first, second, third, second, third))
                {
                    applier.apply(record, record.length);
                }
                assertThat(historyOf(shot)).as("the entry held v2 when v1's write was applied again")
                    .containsExactly(Value.of("v0"), Value.of("v1"));
                final Coalescer batch = new Coalescer();
                batch.add(shot.toString(), "status", second, second.length, secondIndex);
                batch.add(shot.toString(), "status", third, third.length, secondIndex + 1);
                applier.apply(batch.entries().iterator().next(), null);
            }
        }
        assertThat(historyOf(shot)).as("a batch read again from the second write").containsExactly(Value.of("v0"),
            Value.of("v1"));
        assertThat(MetaReader.readFile(MetaReader.find(shot, STATUS).path(), MetaReader.find(shot, STATUS).type()))
            .isEqualTo(Value.of("v2"));
    }

    @Test
    void anOverwriteWithoutAJournalAppliedAgainAfterLaterWritesShouldNotKeepTheLaterValue(@TempDir final Path root)
    {
        final Path shot = root.resolve("shot");
        final byte[] overwrite = record(shot, 2, "v1", JournalRecord.DECISION_OVERWROTE, TIME, 10);
        apply(root, firstWrite(shot), overwrite, record(shot, 2, "v2", JournalRecord.DECISION_APPLY, TIME + 5, -1),
            overwrite);
        assertThat(historyOf(shot)).as("the entry held v2 when the overwrite was applied again")
            .containsExactly(Value.of("v0"));
    }

    @Test
    void anEntrysFirstWriteAppliedAgainInALaterLifeShouldKeepNothingForIt(@TempDir final Path dir)
    {
        final Path root = dir.resolve("data");
        final Path shot = root.resolve("shot");
        final Path file = dir.resolve("writer.first-writes");
        final byte[] first = record(shot, 1, "v0", JournalRecord.DECISION_KEEP_HISTORY, TIME, -1);
        final byte[] second = record(shot, 2, "v1", JournalRecord.DECISION_KEEP_HISTORY, TIME + 1, 5);
        for (int life = 0; life < 2; life++)
        {
            final Coalescer batch = new Coalescer();
            batch.add(shot.toString(), "status", first, first.length, 5);
            batch.add(shot.toString(), "status", second, second.length, 6);
            try (WriteApplier applier = new WriteApplier(List.of(root), false, null, new FirstWrites(file, -1)))
            {
                applier.apply(batch.entries().iterator().next(), null);
            }
        }
        assertThat(historyOf(shot)).as("v1, written in the first life, is not what the first write replaced")
            .containsExactly(Value.of("v0"));
    }

    @Test
    void historyShouldNotDependOnWhereTheJournalIsCutIntoBatches(@TempDir final Path dir) throws Exception
    {
        final List<Map<String, String>> histories = new ArrayList<>();
        for (final int cut : new int[] {2, 4})
        {
            final Path shot = dir.resolve("cut" + cut).resolve("shot");
            histories.add(applyInBatches(shot, cut, firstWrite(shot),
                record(shot, 2, "v1", JournalRecord.DECISION_OVERWROTE, TIME, 10),
                record(shot, 1, "late", JournalRecord.DECISION_SUPERSEDED, TIME, 11),
                record(shot, 2, "v2", JournalRecord.DECISION_APPLY, TIME + 5, -1)));
            assertThat(historyOf(shot)).as("in journal order, batches of " + cut)
                .containsExactly(Value.of("v0"), Value.of("late"));
        }
        assertThat(histories.get(1)).as("imprints of one millisecond named alike").isEqualTo(histories.get(0));
    }

    @Test
    void aLoserShouldBeKeptAsTheSameUserWhetherItsWriteIsInTheBatchOrNot(@TempDir final Path dir) throws Exception
    {
        final List<Map<String, String>> histories = new ArrayList<>();
        for (final int cut : new int[] {1, 2})
        {
            final Path shot = dir.resolve("cut" + cut).resolve("shot");
            histories.add(applyInBatches(shot, cut,
                record(shot, 1, "v0", JournalRecord.DECISION_KEEP_HISTORY, TIME, -1),
                record(shot, 2, "v1", JournalRecord.DECISION_KEEP_HISTORY, TIME + 5, -1)));
            assertThat(MetaHistory.list(shot, STATUS)).as("the broker named no overwritten write, batches of " + cut)
                .singleElement().extracting(MetaHistory.Imprint::user).isEqualTo(WriteApplier.user(0));
        }
        assertThat(histories.get(1)).isEqualTo(histories.get(0));
    }

    /** Applies records cut into batches of {@code cut}, each coalesced, and returns the entry's history files. */
    private static Map<String, String> applyInBatches(final Path shot, final int cut, final byte[]... records)
        throws Exception
    {
        try (WriteApplier applier = new WriteApplier(List.of(shot.getParent()), false))
        {
            for (int from = 0; from < records.length; from += cut)
            {
                final Coalescer batch = new Coalescer();
                for (int i = from; i < Math.min(from + cut, records.length); i++)
                {
                    batch.add(shot.toString(), "status", records[i], records[i].length, 10 + i);
                }
                for (final Coalescer.Entry entry : batch.entries())
                {
                    applier.apply(entry, null);
                }
            }
        }
        return TreeSnapshot.of(shot.resolve(".meta/.history"));
    }

    @Test
    void anOverwrittenWriteOfAnotherEntryShouldNotBeTakenForTheLoser(@TempDir final Path dir)
    {
        final Path root = dir.resolve("data");
        final Path shot = root.resolve("shot");
        try (Journal journal = journalIn(dir); JournalAppender appender = journal.appender())
        {
            final byte[] elsewhere = firstWrite(root.resolve("other"));
            final long elsewhereIndex = appender.append(elsewhere, 0, elsewhere.length);
            final byte[] overwrite = record(shot, 2, "v1", JournalRecord.DECISION_OVERWROTE, TIME, elsewhereIndex);
            try (WriteApplier applier = new WriteApplier(List.of(root), false, new OverwrittenWrites(journal, 1024)))
            {
                final byte[] first = record(shot, 1, "on disk", JournalRecord.DECISION_APPLY, TIME - 10, -1);
                applier.apply(first, first.length);
                applier.apply(overwrite, overwrite.length);
            }
        }
        assertThat(historyOf(shot)).containsExactly(Value.of("on disk"));
    }

    private static Journal journalIn(final Path dir)
    {
        return Journal.open(new Journal.Context().directory(dir.resolve("journal")).durability(DurabilityMode.NONE));
    }

    /** Applies records in order with one applier, as a disk writer would. */
    private static void apply(final Path root, final byte[]... records)
    {
        try (WriteApplier applier = new WriteApplier(List.of(root), false))
        {
            for (final byte[] record : records)
            {
                applier.apply(record, record.length);
            }
        }
    }

    private static List<Value> historyOf(final Path shot)
    {
        return MetaHistory.list(shot, STATUS).stream().map(MetaHistory.Imprint::value).toList();
    }

    /** Client 1's write of {@code v0}, before the conflicts. */
    private byte[] firstWrite(final Path shot)
    {
        return record(shot, 1, "v0", JournalRecord.DECISION_APPLY, TIME - 10, -1);
    }

    private byte[] record(
        final Path location, final long client, final String value, final byte decision, final long time,
        final long otherIndex)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final int length = encoder.encode(buffer, JournalRecord.HEADER_LENGTH, Protocol.OP_WRITE, client, 1,
            (byte)0, (short)0, location.toString(), "status", Value.of(value));
        JournalRecord.putHeader(buffer.byteArray(), buffer, length, decision, time, otherIndex,
            otherIndex < 0 ? 0 : 3 - client, crc);
        return Arrays.copyOf(buffer.byteArray(), JournalRecord.HEADER_LENGTH + length);
    }
}
