package dev.zom.stage;

import dev.zom.ProcessLock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One ticket segment as a push or a status sees it: its records, which of them are done (a byte per sequence in
 * {@code <segment>.done}: pushed, replaced by a newer commit that was pushed, or rejected), whether a committing
 * process still writes to it (it holds a {@link ProcessLock} on {@code <segment>.live}), and a torn tail left by a
 * crash. Marking a record done is one one-byte write, so a push that dies between an acknowledgement and the mark
 * sends that record again and the broker recognises the retry. Not thread-safe.
 */
final class Segment implements AutoCloseable
{
    static final String DONE_SUFFIX = ".done";
    static final String LIVE_SUFFIX = ".live";
    private static final ByteBuffer DONE = ByteBuffer.wrap(new byte[] {1});

    private final Path file;
    private final Path doneFile;
    private final long firstSequence;
    private final boolean live;
    private final List<Ticket> pending = new ArrayList<>();
    private long records;
    private long doneRecords;
    private long tornOffset = -1;
    private byte[] tornBytes;
    private FileChannel doneChannel;

    private Segment(final Path file, final boolean live)
    {
        this.file = file;
        this.doneFile = file.resolveSibling(file.getFileName() + DONE_SUFFIX);
        final String name = file.getFileName().toString();
        this.firstSequence = Long.parseUnsignedLong(name.substring(17, 33), 16);
        this.live = live;
    }

    static Path liveFileOf(final Path segment)
    {
        return segment.resolveSibling(segment.getFileName() + LIVE_SUFFIX);
    }

    /**
     * Opens and reads a segment.
     *
     * @return the segment, or null when it vanished (another push finished it).
     */
    static Segment read(final Path file, final TicketCodec codec) throws IOException
    {
        final boolean live = ProcessLock.holderOf(liveFileOf(file)) != null;
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException gone)
        {
            return null;
        }
        final Segment segment = new Segment(file, live);
        segment.load(codec, bytes);
        return segment;
    }

    private void load(final TicketCodec codec, final byte[] bytes) throws IOException
    {
        final byte[] done = doneMap();
        final UnsafeBuffer view = new UnsafeBuffer(bytes);
        int offset = 0;
        while (offset < bytes.length)
        {
            final int length = codec.check(view, offset, bytes.length - offset);
            if (length < 0)
            {
                if (!live())
                {
                    tornOffset = offset;
                    tornBytes = Arrays.copyOfRange(bytes, offset, bytes.length);
                }
                break;
            }
            final Ticket ticket = codec.decode(view, offset, file, offset);
            records++;
            final long index = ticket.sequence() - firstSequence;
            if (index >= 0 && index < done.length && done[(int)index] != 0)
            {
                doneRecords++;
            }
            else
            {
                pending.add(ticket);
            }
            offset += length;
        }
    }

    private byte[] doneMap() throws IOException
    {
        try
        {
            return Files.readAllBytes(doneFile);
        }
        catch (final NoSuchFileException none)
        {
            return new byte[0];
        }
    }

    /**
     * Whether a committing process still appends to this segment (so it must not be deleted).
     */
    boolean live()
    {
        return live;
    }

    /**
     * The records not done yet, in the order they were written.
     */
    List<Ticket> pending()
    {
        return pending;
    }

    /**
     * Where a torn tail starts in a segment no process writes any more, or -1.
     */
    long tornOffset()
    {
        return tornOffset;
    }

    /**
     * The torn tail's bytes, or null.
     */
    byte[] tornBytes()
    {
        return tornBytes;
    }

    Path file()
    {
        return file;
    }

    /**
     * Marks one of this segment's records done.
     */
    void markDone(final Ticket ticket) throws IOException
    {
        if (doneChannel == null)
        {
            doneChannel = FileChannel.open(doneFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        doneChannel.write(DONE.duplicate(), ticket.sequence() - firstSequence);
        doneRecords++;
    }

    /**
     * Deletes the segment when every record is done and no process writes to it any more: the segment first, then
     * its done map (a done map left alone by a crash is harmless; a segment without its map would be pushed again).
     *
     * @return whether it was deleted.
     */
    boolean deleteIfFinished() throws IOException
    {
        if (live() || doneRecords < records)
        {
            return false;
        }
        Files.deleteIfExists(file);
        Files.deleteIfExists(doneFile);
        Files.deleteIfExists(liveFileOf(file));
        return true;
    }

    @Override
    public void close() throws IOException
    {
        if (doneChannel != null)
        {
            doneChannel.close();
        }
    }
}
