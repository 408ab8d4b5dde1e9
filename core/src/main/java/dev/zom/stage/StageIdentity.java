package dev.zom.stage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A stage's one client id and the blocks of sequences handed to the ticket logs that commit into it. The file holds
 * the client id and the next free sequence; a log takes a block under an exclusive file lock, so every process
 * committing into the same stage numbers its writes apart and the broker keeps one dedup window for the whole
 * stage. A crashed process leaves a gap in the numbering, never a reuse.
 */
final class StageIdentity
{
    /** Sequences per block: one ticket segment's worth. */
    static final long BLOCK = 65_536;
    private static final Object IN_PROCESS = new Object();

    private final Path file;
    private final long block;
    private long clientId;
    private long next;

    StageIdentity(final Path file, final long block)
    {
        this.file = file;
        this.block = block;
    }

    /**
     * Takes the next block of sequences.
     *
     * @return the block's first sequence; no other commit into this stage has or will get one in the block.
     */
    long reserveBlock() throws IOException
    {
        reserve();
        return next;
    }

    long blockSize()
    {
        return block;
    }

    /**
     * The stage's client id (reads the identity file once).
     *
     * @return the id.
     */
    long clientId() throws IOException
    {
        if (clientId == 0)
        {
            reserve();
        }
        return clientId;
    }

    private void reserve() throws IOException
    {
        synchronized (IN_PROCESS)
        {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE))
            {
                channel.lock();
                final ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                while (bytes.hasRemaining())
                {
                    if (channel.read(bytes, bytes.position()) <= 0)
                    {
                        break;
                    }
                }
                long id = bytes.getLong(0);
                long first = bytes.getLong(8);
                if (id == 0)
                {
                    id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
                    first = 1;
                }
                bytes.clear();
                bytes.putLong(0, id).putLong(8, first + block);
                while (bytes.hasRemaining())
                {
                    channel.write(bytes, bytes.position());
                }
                channel.force(false);
                clientId = id;
                next = first;
            }
        }
    }
}
