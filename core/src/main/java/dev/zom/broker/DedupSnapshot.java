package dev.zom.broker;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The {@link RetryWindows} saved beside the journal ({@code dedup.snapshot}), so that a restart, clean or
 * after a crash, recognises every retry the running broker would have: the windows as they were after one journal
 * record, plus the records journaled after it. Written by the journal thread after a synced batch every
 * {@link #EVERY_RECORDS} records and when the broker stops; replaced by rename; checked by CRC-32C and by the record
 * it names (its index, client id and sequence must be in the journal), so a torn, stale or foreign snapshot is
 * ignored and the windows are rebuilt from the journal's tail instead.
 *
 * <p>Layout, little-endian: magic {@code ZOMD}, version (u32), window size (u32), index, client id and sequence of
 * the last record it covers (3 × i64), client count (u32), then per client its id and the broker time of its last
 * write (2 × i64), slot count (u32) and each slot's sequence and journal index (2 × i64); then a CRC-32C of
 * everything before it (u32).
 */
final class DedupSnapshot
{
    /** Records journaled between two snapshots: what a restart after a crash reads at most, beyond the snapshot. */
    static final int EVERY_RECORDS = 1 << 16;
    static final String FILE = "dedup.snapshot";
    private static final int MAGIC = 0x444D_4F5A;
    private static final int VERSION = 2;
    private static final int HEADER_LENGTH = 40;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private static final int FIRST_CAPACITY = 1 << 16;
    /**
     * A buffer larger than this, grown for a peak of clients, is given back once a snapshot fills a quarter of it or
     * less: a thousand clients of a full window grow it to ~16 MiB, which a 64 MiB broker should not keep for the
     * rest of its life after they are gone.
     */
    static final int KEPT_CAPACITY = 1 << 20;

    private final Path file;
    private final Path temp;
    private final CRC32C crc = new CRC32C();
    private ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(FIRST_CAPACITY);

    /**
     * The snapshot of a journal.
     *
     * @param journalDirectory the journal's folder.
     */
    DedupSnapshot(final Path journalDirectory)
    {
        this.file = journalDirectory.resolve(FILE);
        this.temp = journalDirectory.resolve(FILE + ".tmp");
    }

    /**
     * What a snapshot says: the last record it covers, and the windows to load.
     */
    record Loaded(long index, long clientId, long sequence, UnsafeBuffer bytes)
    {
        /**
         * Puts every saved slot into the windows, in the order saved.
         */
        void into(final RetryWindows windows)
        {
            final int clients = bytes.getInt(HEADER_LENGTH - 4, LE);
            int offset = HEADER_LENGTH;
            for (int c = 0; c < clients; c++)
            {
                final long client = bytes.getLong(offset, LE);
                final long lastMillis = bytes.getLong(offset + 8, LE);
                final int slots = bytes.getInt(offset + 16, LE);
                offset += 20;
                for (int s = 0; s < slots; s++)
                {
                    windows.journaled(client, bytes.getLong(offset, LE), bytes.getLong(offset + 8, LE), lastMillis);
                    offset += 16;
                }
            }
        }
    }

    /**
     * Saves the windows as they are after the record at {@code index}, the client that wrote least recently first.
     */
    void write(final RetryWindows windows, final long index, final long clientId, final long sequence)
        throws IOException
    {
        buffer.putInt(0, MAGIC, LE);
        buffer.putInt(4, VERSION, LE);
        buffer.putInt(8, windows.windowSize(), LE);
        buffer.putLong(12, index, LE);
        buffer.putLong(20, clientId, LE);
        buffer.putLong(28, sequence, LE);
        int offset = HEADER_LENGTH;
        int clients = 0;
        for (RetryWindows.ClientWindow window = windows.oldest(); window != null; window = window.newer())
        {
            offset = putWindow(offset, window);
            clients++;
        }
        buffer.putInt(HEADER_LENGTH - 4, clients, LE);
        crc.reset();
        crc.update(buffer.byteArray(), 0, offset);
        buffer.putInt(offset, (int)crc.getValue(), LE);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            final ByteBuffer bytes = ByteBuffer.wrap(buffer.byteArray(), 0, offset + 4);
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        final int length = offset + 4;
        if (buffer.capacity() > KEPT_CAPACITY && buffer.capacity() / 4 >= length)
        {
            buffer = new ExpandableArrayBuffer(Math.max(FIRST_CAPACITY, 2 * length));
        }
    }

    /** @return how many bytes the snapshot's buffer holds on to. */
    int bufferCapacity()
    {
        return buffer.capacity();
    }

    /**
     * Puts one client's id, last write time and used slots at an offset.
     *
     * @return where the next client goes.
     */
    private int putWindow(final int start, final RetryWindows.ClientWindow window)
    {
        int slots = 0;
        int at = start + 20;
        for (int slot = 0; slot < window.size(); slot++)
        {
            if (window.sequenceAt(slot) >= 0)
            {
                buffer.putLong(at, window.sequenceAt(slot), LE);
                buffer.putLong(at + 8, window.indexAt(slot), LE);
                at += 16;
                slots++;
            }
        }
        buffer.putLong(start, window.clientId(), LE);
        buffer.putLong(start + 8, window.lastMillis(), LE);
        buffer.putInt(start + 16, slots, LE);
        return at;
    }

    /**
     * Reads the snapshot when there is a whole one for this window size.
     *
     * @return what it says, or null.
     */
    Loaded load(final int windowSize) throws IOException
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException none)
        {
            return null;
        }
        if (bytes.length < HEADER_LENGTH + 4)
        {
            return null;
        }
        final UnsafeBuffer view = new UnsafeBuffer(bytes);
        final CRC32C check = new CRC32C();
        check.update(bytes, 0, bytes.length - 4);
        if (view.getInt(0, LE) != MAGIC || view.getInt(4, LE) != VERSION || view.getInt(8, LE) != windowSize ||
            (int)check.getValue() != view.getInt(bytes.length - 4, LE))
        {
            return null;
        }
        return new Loaded(view.getLong(12, LE), view.getLong(20, LE), view.getLong(28, LE), view);
    }
}
