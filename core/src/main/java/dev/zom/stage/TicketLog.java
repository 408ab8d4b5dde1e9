package dev.zom.stage;

import dev.zom.ProcessLock;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One committing process's tickets: an append-only segment file per block of sequences,
 * {@code tickets/<client id>-<first sequence>.seg}, each record written with one append. While the log writes to a
 * segment it holds a {@link ProcessLock} on {@code <segment>.live}, which tells a push it must not be deleted; a
 * finished segment (its block used up, or its process gone) is deleted by the push that completes it. Appending
 * to one file instead of creating a file per commit matters here: the file system frees each deleted file's block
 * with a synchronous discard (MACHINE.md).
 */
final class TicketLog implements AutoCloseable
{
    static final String SEGMENT_SUFFIX = ".seg";

    private final Path folder;
    private final StageIdentity identity;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private FileChannel segment;
    private Path segmentFile;
    private ProcessLock live;
    private long next;
    private long end;

    TicketLog(final Path folder, final StageIdentity identity)
    {
        this.folder = folder;
        this.identity = identity;
    }

    /**
     * The sequence for the next record, moving to a new segment when this one's block is used up.
     */
    long nextSequence() throws IOException
    {
        if (segment == null || next == end)
        {
            close();
            next = identity.reserveBlock();
            end = next + identity.blockSize();
            final Path file = folder.resolve(segmentName(identity.clientId(), next));
            live = ProcessLock.tryAcquire(Segment.liveFileOf(file), "");
            if (live == null)
            {
                throw new IOException("ticket segment " + file + " is already being written");
            }
            segmentFile = file;
            segment = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        }
        return next++;
    }

    /**
     * The buffer to encode the next record into.
     */
    ExpandableArrayBuffer buffer()
    {
        return buffer;
    }

    /**
     * Appends the record encoded at the start of {@link #buffer()}. When the append fails part-way (a full disk),
     * the segment is closed so the torn bytes stay its tail and the next commit starts a new one.
     */
    void append(final int length) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.wrap(buffer.byteArray(), 0, length);
        try
        {
            while (bytes.hasRemaining())
            {
                segment.write(bytes);
            }
        }
        catch (final IOException ex)
        {
            close();
            throw ex;
        }
    }

    static String segmentName(final long clientId, final long firstSequence)
    {
        return hex16(clientId) + "-" + hex16(firstSequence) + SEGMENT_SUFFIX;
    }

    static String hex16(final long value)
    {
        final String hex = Long.toHexString(value);
        return "0".repeat(16 - hex.length()) + hex;
    }

    /**
     * Lets the current segment go: closes it, then drops its live lock and its live file.
     */
    @Override
    public void close() throws IOException
    {
        if (live == null)
        {
            return;
        }
        try
        {
            if (segment != null)
            {
                segment.close();
            }
        }
        finally
        {
            live.close();
            Files.deleteIfExists(Segment.liveFileOf(segmentFile));
            segment = null;
            live = null;
        }
    }
}
