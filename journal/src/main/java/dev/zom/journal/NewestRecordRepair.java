package dev.zom.journal;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
            final ByteBuffer header = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            final long headerAt = dataStart - Integer.BYTES;
            readFully(channel, header, headerAt);
            final int word = header.getInt(0);
            final int declared = word & LENGTH_MASK;
            final ByteBuffer record = channel.map(FileChannel.MapMode.READ_ONLY, dataStart,
                Math.max(0, Math.min(maxLength, channel.size() - dataStart)));
            final int vouched = length.of(record.duplicate());
            final int restored = vouched >= 0 ? vouched : declared > maxLength ? endOfNonZero(record) : declared;
            if (restored == declared)
            {
                return null;
            }
            header.putInt(0, word & ~LENGTH_MASK | restored);
            header.clear();
            while (header.hasRemaining())
            {
                channel.write(header, headerAt + header.position());
            }
            channel.force(false);
            return "the length in front of the journal's newest record (index=" + index + ", " + file.getFileName() +
                ") was damaged, " + declared + " bytes; restored to " + restored + (vouched >= 0
                ? ", the length the record's bytes give with a matching checksum"
                : ", where its non-zero bytes end: the record cannot be read (it counts as corrupt), the records " +
                "appended after it can");
        }
    }

    private static void readFully(final FileChannel channel, final ByteBuffer dst, final long at) throws IOException
    {
        while (dst.hasRemaining())
        {
            if (channel.read(dst, at + dst.position()) < 0)
            {
                throw new IOException("the journal file ends inside a record header at " + at);
            }
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
