package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import org.agrona.collections.LongHashSet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The journal indices of writes a disk writer applied as their entry's first value: the entry was absent, so nothing
 * was kept in history. Kept on disk (an index appended before the entry is written, so it survives a process crash)
 * until the writer's checkpoint passes them. A writer re-reading from its checkpoint after a crash finds the entry
 * holding the value it wrote in its last life, and without this would keep that value in history as the one the
 * write replaced. Needed only where the broker names no overwritten write (the history of every overwrite, for an
 * entry's first write since the broker started); elsewhere the loser comes from the journal. Not thread-safe: owned
 * by one writer.
 */
final class FirstWrites implements AutoCloseable
{
    private final Path file;
    private final LongHashSet indices = new LongHashSet();
    private final ByteBuffer entry = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private FileChannel channel;

    /**
     * The first writes recorded in a file, those after the checkpoint.
     *
     * @param file       the file.
     * @param checkpoint the writer's checkpoint: indices at or before it are forgotten.
     */
    FirstWrites(final Path file, final long checkpoint)
    {
        this.file = file;
        try
        {
            if (Files.exists(file))
            {
                final ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
                while (all.remaining() >= Long.BYTES)
                {
                    final long index = all.getLong();
                    if (index > checkpoint)
                    {
                        indices.add(index);
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new ZomException(ErrorCode.STORAGE, "cannot read first writes file=" + file, ex);
        }
    }

    /**
     * Whether the write at an index was applied as its entry's first value, in this life or one before.
     *
     * @param index a journal index.
     * @return true when it was.
     */
    boolean contains(final long index)
    {
        return indices.contains(index);
    }

    /**
     * Records, before the entry is written, that the write at an index found its entry absent.
     *
     * @param index the write's journal index.
     */
    void add(final long index)
    {
        if (!indices.add(index))
        {
            return;
        }
        try
        {
            if (channel == null)
            {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            }
            entry.clear();
            entry.putLong(index).flip();
            while (entry.hasRemaining())
            {
                channel.write(entry);
            }
        }
        catch (final IOException ex)
        {
            throw new ZomException(ErrorCode.STORAGE, "cannot record a first write in file=" + file, ex);
        }
    }

    /**
     * Forgets the first writes the checkpoint has passed; the file is emptied once none is left.
     *
     * @param checkpoint the writer's checkpoint.
     */
    void passed(final long checkpoint)
    {
        if (indices.isEmpty())
        {
            return;
        }
        indices.removeIf(index -> index <= checkpoint);
        if (indices.isEmpty())
        {
            try
            {
                close();
                Files.deleteIfExists(file);
            }
            catch (final IOException ex)
            {
                throw new ZomException(ErrorCode.STORAGE, "cannot empty first writes file=" + file, ex);
            }
        }
    }

    @Override
    public void close()
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // Closing a file only appended to loses nothing already written.
            }
            channel = null;
        }
    }
}
