package dev.zom.journal;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Restores the length header in front of the journal's newest record before anything is appended after it.
 * Chronicle's appender finds where to append through that length, so a damaged one (bit rot: a crash leaves a
 * not-complete bit, never a wrong length) hid what was appended after a restart: a length longer than any record
 * sent the appender far past it, where readers going by lengths found the new records only from the next indexed one
 * on (85 of 100 acknowledged writes unreadable in a scratch run), and a length a little wrong made the record itself
 * unreadable. The length the record's own bytes vouch for ({@link RecordLength}) replaces a different one; when they
 * vouch for none and the length is longer than any record, it is cut to the record's last non-zero byte (nothing is
 * written after the newest record), so that the record reads as corrupt and everything appended after it is found.
 */
final class NewestRecordRepair
{
    private static final int LENGTH_MASK = 0x3FFF_FFFF;

    private NewestRecordRepair()
    {
    }

    /**
     * Checks, and restores if damaged, the length in front of the newest record of the journal's newest cycle.
     *
     * @param queue     the journal's queue, before an appender is created.
     * @param length    the length a record's bytes give.
     * @param maxLength the longest record there can be.
     * @return what was restored, for the log; null when the length was sound or there is no record.
     */
    static String restore(final SingleChronicleQueue queue, final RecordLength length, final int maxLength)
    {
        final int cycle = queue.lastCycle();
        if (cycle < 0)
        {
            return null;
        }
        final RollCycle rollCycle = queue.rollCycle();
        try (ExcerptTailer tailer = queue.createTailer())
        {
            final long records = tailer.excerptsInCycle(cycle);
            final long newest = rollCycle.toIndex(cycle, records - 1);
            if (records <= 0 || !tailer.moveToIndex(newest))
            {
                return null;
            }
            final long dataStart;
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return null;
                }
                dataStart = dc.wire().bytes().readPosition();
                dc.rollbackOnClose();
            }
            return restore(tailer.currentFile().toPath(), dataStart, newest, length, maxLength);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot check the length of the journal's newest record", ex);
        }
    }

    private static String restore(
        final Path file, final long dataStart, final long index, final RecordLength length, final int maxLength)
        throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long headerAt = dataStart - Integer.BYTES;
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, headerAt,
                Integer.BYTES + Math.max(0, Math.min(maxLength, channel.size() - dataStart)));
            mapped.order(ByteOrder.LITTLE_ENDIAN);
            final int word = mapped.getInt(0);
            final int declared = word & LENGTH_MASK;
            final ByteBuffer record = mapped.slice(Integer.BYTES, mapped.capacity() - Integer.BYTES);
            final int vouched = length.of(record.asReadOnlyBuffer());
            final int restored = vouched >= 0 ? vouched : declared > maxLength ? endOfNonZero(record) : declared;
            if (restored == declared)
            {
                return null;
            }
            mapped.putInt(0, word & ~LENGTH_MASK | restored);
            mapped.force();
            return "the length in front of the journal's newest record (index=" + index + ", " + file.getFileName() +
                ") was damaged, " + declared + " bytes; restored to " + restored + (vouched >= 0
                ? ", the length the record's bytes give with a matching checksum"
                : ", where its non-zero bytes end: the record cannot be read (it counts as corrupt), the records " +
                "appended after it can");
        }
    }

    /**
     * One past the last non-zero byte.
     */
    private static int endOfNonZero(final ByteBuffer record)
    {
        int end = record.limit();
        while (end > 0 && record.get(end - 1) == 0)
        {
            end--;
        }
        return end;
    }
}
