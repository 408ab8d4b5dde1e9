package dev.zom.journal;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A named position in the journal: the index of the last record its owner has finished with (a disk writer: the
 * last record whose files are written). Kept in a small memory-mapped file, so it survives a process crash the
 * moment it is set; {@link #force()} also makes it survive a power loss. One owner sets it; anyone may read it.
 */
public final class Checkpoint implements AutoCloseable
{
    /** The value of a checkpoint that has passed nothing yet. */
    public static final long NONE = -1;

    private final String name;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;

    Checkpoint(final String name, final Path file)
    {
        this.name = name;
        final boolean fresh = !file.toFile().exists();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"); FileChannel channel = raf.getChannel())
        {
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot map checkpoint file=" + file, ex);
        }
        buffer = new UnsafeBuffer(mapped);
        if (fresh)
        {
            buffer.putLongVolatile(0, NONE);
        }
    }

    /**
     * The checkpoint's name.
     *
     * @return the name.
     */
    public String name()
    {
        return name;
    }

    /**
     * The index of the last record passed.
     *
     * @return the index, or {@link #NONE}.
     */
    public long get()
    {
        return buffer.getLongVolatile(0);
    }

    /**
     * Moves the checkpoint.
     *
     * @param index the index of the last record passed.
     */
    public void set(final long index)
    {
        buffer.putLongRelease(0, index);
    }

    /**
     * Writes the checkpoint's page to disk.
     */
    public void force()
    {
        mapped.force();
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
