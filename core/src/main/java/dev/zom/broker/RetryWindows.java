package dev.zom.broker;

import dev.zom.journal.Checkpoint;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalReader;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.RequestDecoder;
import net.openhft.chronicle.queue.RollCycle;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * Where RFC13's idempotent retries are remembered: for each client, the journal index of its most recent sequences,
 * so that a write whose (client id, sequence) was already journaled is acknowledged again with its original index.
 * Client id 0 is anonymous and never remembered. The windows are kept in the order their clients last wrote, and a
 * window is forgotten
 * <ul>
 * <li>when its client wrote nothing for the expiry (a day by default);</li>
 * <li>a grace (a minute by default) after its client said it is done ({@code bye}, {@link ClientByes}) unless it
 * wrote again;</li>
 * <li>when a new client would make more than the configured number of windows: the window of the client that wrote
 * least recently goes, so that clients that never say bye (they crash, or speak the protocol without it) cannot fill
 * the broker's heap, nor fill it again at every restart from the snapshot. Counted ({@link #evicted()}).</li>
 * </ul>
 * A retry of a forgotten write is journaled again: the same value twice, never a write lost. The windows survive
 * restarts through the {@link DedupSnapshot}, saved oldest first so that a restart keeps their order, and the records
 * journaled after it. Runs on the journal thread only.
 */
final class RetryWindows
{
    /**
     * How many of the journal's last records are read at start to recognise retries across a restart when there is
     * no usable snapshot: enough for every client's in-flight window at full rate, small enough to cost ~10 ms.
     */
    static final int REBUILD_RECORDS = 1 << 16;
    private final int windowSize;
    private final int maxRecordLength;
    private final int maxClients;
    private final long expiryMillis;
    private final long afterByeMillis;
    private final Long2ObjectHashMap<ClientWindow> windows = new Long2ObjectHashMap<>();
    private final ClientByes byes = new ClientByes();
    private final LongArrayQueue saidBye = new LongArrayQueue();
    private final LongArrayQueue forgetAt = new LongArrayQueue();
    private final LongConsumer onBye = this::saidBye;
    private ClientWindow oldest;
    private ClientWindow newest;
    private long evicted;
    private long byeMillis;
    private long lastIndex = Checkpoint.NONE;
    private long lastClient;
    private long lastSequence;

    /**
     * Windows kept until the expiry, with no bye grace and no bound on their number (tests, benchmarks).
     */
    RetryWindows(final int windowSize, final int maxRecordLength)
    {
        this(windowSize, maxRecordLength, Integer.MAX_VALUE, Long.MAX_VALUE, 0);
    }

    /**
     * @param windowSize      sequences remembered per client (a power of two).
     * @param maxRecordLength the longest journal record, to rebuild from the journal.
     * @param maxClients      windows kept at most; the least recently written goes first.
     * @param expiryMillis    how long a window is kept after its client's last write; {@link Long#MAX_VALUE} keeps it.
     * @param afterByeMillis  how long after a bye a window is kept.
     */
    RetryWindows(
        final int windowSize,
        final int maxRecordLength,
        final int maxClients,
        final long expiryMillis,
        final long afterByeMillis)
    {
        if (Integer.bitCount(windowSize) != 1)
        {
            throw new IllegalArgumentException("invalid dedup window=" + windowSize + " (a power of two)");
        }
        if (maxClients < 1)
        {
            throw new IllegalArgumentException("invalid dedup max clients=" + maxClients + " (at least 1)");
        }
        this.windowSize = windowSize;
        this.maxRecordLength = maxRecordLength;
        this.maxClients = maxClients;
        this.expiryMillis = expiryMillis;
        this.afterByeMillis = afterByeMillis;
    }

    /**
     * Restores the windows after a restart: from the {@link DedupSnapshot} plus the records journaled after it, when
     * the snapshot is whole and names a record of this journal; otherwise from the journal's last
     * {@link #REBUILD_RECORDS} records (of its last cycle), which covers every client's recent retries but not those
     * of a client whose writes are older than that.
     *
     * @return how many journal records were read.
     */
    long rebuild(final Journal journal, final DedupSnapshot snapshot)
    {
        final long last = journal.lastIndex();
        if (last < 0)
        {
            return 0;
        }
        final byte[] record = new byte[maxRecordLength];
        final UnsafeBuffer view = new UnsafeBuffer(record);
        final RequestDecoder request = new RequestDecoder();
        final CRC32C crc = new CRC32C();
        try (JournalReader reader = journal.reader())
        {
            final DedupSnapshot.Loaded loaded = loadSnapshot(snapshot);
            if (loaded != null && loaded.index() <= last && reader.moveTo(loaded.index()))
            {
                final int length = reader.next(record);
                if (length >= 0 && reader.lastIndex() == loaded.index() &&
                    JournalRecord.check(record, view, length, crc) == null &&
                    request.wrap(view, JournalRecord.HEADER_LENGTH, length - JournalRecord.HEADER_LENGTH)
                        .clientId() == loaded.clientId() && request.sequence() == loaded.sequence())
                {
                    loaded.into(this);
                    journaled(loaded.clientId(), loaded.sequence(), loaded.index(),
                        JournalRecord.timeMillis(view, 0));
                    return 1 + scan(reader, record, view, request, crc);
                }
            }
            final RollCycle cycle = journal.rollCycle();
            final long lastSequence = cycle.toSequenceNumber(last);
            return reader.moveTo(cycle.toIndex(cycle.toCycle(last), Math.max(0, lastSequence - REBUILD_RECORDS + 1)))
                ? scan(reader, record, view, request, crc) : 0;
        }
    }

    private DedupSnapshot.Loaded loadSnapshot(final DedupSnapshot snapshot)
    {
        try
        {
            return snapshot.load(windowSize);
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    private long scan(
        final JournalReader reader,
        final byte[] record,
        final UnsafeBuffer view,
        final RequestDecoder request,
        final CRC32C crc)
    {
        long read = 0;
        int length;
        while ((length = reader.nextUntilEnd(record)) >= 0)
        {
            read++;
            if (JournalRecord.check(record, view, length, crc) == null)
            {
                request.wrap(view, JournalRecord.HEADER_LENGTH, length - JournalRecord.HEADER_LENGTH);
                journaled(request.clientId(), request.sequence(), reader.lastIndex(),
                    JournalRecord.timeMillis(view, 0));
            }
        }
        return read;
    }

    /**
     * The journal index of an earlier write with the same client id and sequence, or {@link Checkpoint#NONE}.
     */
    long indexOf(final long clientId, final long sequence)
    {
        if (clientId == 0)
        {
            return Checkpoint.NONE;
        }
        final ClientWindow window = windows.get(clientId);
        return window == null ? Checkpoint.NONE : window.indexOf(sequence);
    }

    /**
     * Remembers a journaled write, making its client the most recent writer.
     */
    void journaled(final long clientId, final long sequence, final long index, final long timeMillis)
    {
        lastIndex = index;
        lastClient = clientId;
        lastSequence = sequence;
        if (clientId == 0)
        {
            return;
        }
        ClientWindow window = windows.get(clientId);
        if (window == null)
        {
            if (windows.size() >= maxClients)
            {
                forget(oldest);
                evicted++;
            }
            window = new ClientWindow(clientId, windowSize);
            windows.put(clientId, window);
            append(window);
        }
        else if (window != newest)
        {
            unlink(window);
            append(window);
        }
        window.put(sequence, index);
        window.lastMillis = Math.max(window.lastMillis, timeMillis);
    }

    /**
     * Forgets the windows of clients that wrote nothing for longer than the expiry.
     *
     * @return how many were forgotten.
     */
    int expire(final long nowMillis)
    {
        if (expiryMillis == Long.MAX_VALUE)
        {
            return 0;
        }
        final long cutoff = nowMillis - expiryMillis;
        int forgotten = 0;
        ClientWindow window = oldest;
        while (window != null)
        {
            final ClientWindow next = window.newer;
            if (window.lastMillis < cutoff)
            {
                forget(window);
                forgotten++;
            }
            window = next;
        }
        return forgotten;
    }

    /**
     * Where the ingress agent hands on the byes of clients that are done.
     *
     * @return the byes.
     */
    ClientByes byes()
    {
        return byes;
    }

    /**
     * Takes the byes handed on since the last call, and forgets the window of each client whose bye came
     * {@code afterByeMillis} ago or more and that wrote nothing since: long enough for any retry still on its way (a
     * stalled connection's) to be recognised, after which no write can come under an id its client chose and is done
     * with. A client that writes again keeps its window until the expiry.
     *
     * @param nowMillis the broker's time.
     * @return how many windows were forgotten.
     */
    int forgetSaidBye(final long nowMillis)
    {
        byeMillis = nowMillis;
        byes.drain(onBye);
        int forgotten = 0;
        while (!forgetAt.isEmpty() && forgetAt.peekLong() <= nowMillis)
        {
            final long clientId = saidBye.pollLong();
            final long byeAt = forgetAt.pollLong() - afterByeMillis;
            final ClientWindow window = windows.get(clientId);
            if (window != null && window.lastMillis <= byeAt)
            {
                forget(window);
                forgotten++;
            }
        }
        return forgotten;
    }

    private void saidBye(final long clientId)
    {
        if (windows.containsKey(clientId))
        {
            saidBye.addLong(clientId);
            forgetAt.addLong(byeMillis + afterByeMillis);
        }
    }

    /**
     * Saves the windows as they are now, after the last record journaled or rebuilt.
     */
    void snapshot(final DedupSnapshot snapshot) throws IOException
    {
        if (lastIndex != Checkpoint.NONE)
        {
            snapshot.write(this, lastIndex, lastClient, lastSequence);
        }
    }

    /** @return how many clients have a window. */
    int size()
    {
        return windows.size();
    }

    /** @return how many windows were forgotten to keep their number within the bound, since the broker started. */
    long evicted()
    {
        return evicted;
    }

    /** @return the window of the client that wrote least recently, or null; {@link ClientWindow#newer()} goes on. */
    ClientWindow oldest()
    {
        return oldest;
    }

    int windowSize()
    {
        return windowSize;
    }

    int maxRecordLength()
    {
        return maxRecordLength;
    }

    private void forget(final ClientWindow window)
    {
        windows.remove(window.clientId);
        unlink(window);
    }

    private void append(final ClientWindow window)
    {
        window.older = newest;
        window.newer = null;
        if (newest != null)
        {
            newest.newer = window;
        }
        else
        {
            oldest = window;
        }
        newest = window;
    }

    private void unlink(final ClientWindow window)
    {
        if (window.older != null)
        {
            window.older.newer = window.newer;
        }
        else
        {
            oldest = window.newer;
        }
        if (window.newer != null)
        {
            window.newer.older = window.older;
        }
        else
        {
            newest = window.older;
        }
        window.older = null;
        window.newer = null;
    }

    /**
     * The sequences and journal indices of one client's most recent writes, in slots by sequence. It starts with
     * {@link #FIRST_SIZE} slots and doubles, up to the dedup window, whenever a write would take the slot of one
     * less than a window behind it: so it keeps every write within a window of the newest, as a full-size window
     * does, while a client that writes a few times (a render task with a client of its own) costs a few slots, not
     * the 16 KiB of a full window of 1,024 (twenty thousand such clients filled a 64 MiB broker).
     */
    static final class ClientWindow
    {
        static final int FIRST_SIZE = 4;

        private final long clientId;
        private final int maxSize;
        private long[] sequences;
        private long[] indices;
        private int mask;
        private long lastMillis;
        private ClientWindow older;
        private ClientWindow newer;

        ClientWindow(final long clientId, final int maxSize)
        {
            this.clientId = clientId;
            this.maxSize = maxSize;
            allocate(Math.min(FIRST_SIZE, maxSize));
        }

        private void allocate(final int size)
        {
            sequences = new long[size];
            indices = new long[size];
            mask = size - 1;
            Arrays.fill(sequences, -1);
        }

        long indexOf(final long sequence)
        {
            final int slot = (int)(sequence & mask);
            return sequences[slot] == sequence ? indices[slot] : Checkpoint.NONE;
        }

        long clientId()
        {
            return clientId;
        }

        /** @return the window of the next client to have written after this one, or null. */
        ClientWindow newer()
        {
            return newer;
        }

        int size()
        {
            return sequences.length;
        }

        long lastMillis()
        {
            return lastMillis;
        }

        long sequenceAt(final int slot)
        {
            return sequences[slot];
        }

        long indexAt(final int slot)
        {
            return indices[slot];
        }

        void put(final long sequence, final long index)
        {
            int slot = (int)(sequence & mask);
            while (sequences.length < maxSize && withinWindow(sequences[slot], sequence))
            {
                grow();
                slot = (int)(sequence & mask);
            }
            sequences[slot] = sequence;
            indices[slot] = index;
        }

        private boolean withinWindow(final long held, final long sequence)
        {
            final long distance = sequence - held;
            return held >= 0 && held != sequence && distance < maxSize && distance > -maxSize;
        }

        /**
         * Doubles the slots; sequences in distinct slots of n stay in distinct slots of 2n.
         */
        private void grow()
        {
            final long[] oldSequences = sequences;
            final long[] oldIndices = indices;
            allocate(sequences.length * 2);
            for (int i = 0; i < oldSequences.length; i++)
            {
                if (oldSequences[i] >= 0)
                {
                    final int slot = (int)(oldSequences[i] & mask);
                    sequences[slot] = oldSequences[i];
                    indices[slot] = oldIndices[i];
                }
            }
        }
    }
}
