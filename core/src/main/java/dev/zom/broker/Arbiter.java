package dev.zom.broker;

import dev.zom.journal.Checkpoint;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalReader;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.RequestDecoder;
import net.openhft.chronicle.queue.RollCycle;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayQueue;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * Decides, on the ring and before journaling, what becomes of each write; the decision is written into the journal
 * record, so replay applies the same result and never decides again. This is where RFC13's "who wins" is answered:
 * <ul>
 * <li>A write whose (client id, client sequence) was already journaled is a retry, acknowledged again with its
 * original index and not journaled twice, once the journal handler has checked that it is the same write
 * ({@link RetryCheck}). Client id 0 is anonymous and never deduplicated.</li>
 * <li>A write to an entry that another client wrote less than the conflict window ago is a conflict; the window is
 * measured on the broker's monotonic clock ({@link System#nanoTime()}), which setting its wall clock does not move.
 * If its priority is lower than the standing write's, it is superseded: journaled, not applied, kept in history.
 * Otherwise it wins (the later write wins between equal priorities) and the value it replaced goes to history.
 * Priorities above the broker's cap are lowered to it. A window of 0 turns conflicts off.</li>
 * <li>When the broker keeps the history of every overwrite, or the write asks for it
 * ({@code Protocol.REQUEST_FLAG_KEEP_HISTORY}), any other write is marked to keep the value it replaces in
 * history.</li>
 * </ul>
 *
 * <p>Each client has a window of its most recent sequences; a retry older than the window is journaled again. The
 * windows survive restarts through the {@link DedupSnapshot} and the records journaled after it; the window of a
 * client that wrote nothing for the expiry (a day by default) is forgotten, and that of a client that said it is done
 * ({@code bye}, {@link ClientByes}) a minute after. Runs on the journal thread only.
 */
final class Arbiter
{
    /**
     * How many of the journal's last records are read at start to recognise retries across a restart: enough for
     * every client's in-flight window at full rate, small enough to cost ~10 ms before the first write.
     */
    static final int REBUILD_RECORDS = 1 << 16;
    private final int windowSize;
    private final int maxRecordLength;
    private final long conflictWindowNanos;
    private final short maxPriority;
    private final ConflictTable conflicts;
    private final boolean historyOfEveryOverwrite;
    private final long windowExpiryMillis;
    private final long afterByeMillis;
    private final ClientByes byes = new ClientByes();
    private final LongArrayQueue saidBye = new LongArrayQueue();
    private final LongArrayQueue forgetAt = new LongArrayQueue();
    private final LongConsumer onBye = this::saidBye;
    private long byeMillis;
    private long entryHash;
    private long decidedAtNanos;
    private final Long2ObjectHashMap<ClientWindow> windows = new Long2ObjectHashMap<>();
    private long lastIndex = Checkpoint.NONE;
    private long lastClient;
    private long lastSequence;

    Arbiter(final int windowSize, final int maxRecordLength)
    {
        this(windowSize, maxRecordLength, 0, Short.MAX_VALUE, 16, false, Long.MAX_VALUE, 0);
    }

    Arbiter(
        final int windowSize,
        final int maxRecordLength,
        final long conflictWindowMillis,
        final short maxPriority,
        final int conflictTableSize,
        final boolean historyOfEveryOverwrite,
        final long windowExpiryMillis,
        final long afterByeMillis)
    {
        this.historyOfEveryOverwrite = historyOfEveryOverwrite;
        this.windowExpiryMillis = windowExpiryMillis;
        this.afterByeMillis = afterByeMillis;
        this.maxRecordLength = maxRecordLength;
        this.conflictWindowNanos = TimeUnit.MILLISECONDS.toNanos(conflictWindowMillis);
        this.maxPriority = maxPriority;
        this.conflicts = new ConflictTable(conflictTableSize);
        if (Integer.bitCount(windowSize) != 1)
        {
            throw new IllegalArgumentException("invalid dedup window=" + windowSize + " (a power of two)");
        }
        this.windowSize = windowSize;
    }

    /**
     * Restores the retry windows after a restart: from the {@link DedupSnapshot} plus the records journaled after
     * it, when the snapshot is whole and names a record of this journal; otherwise from the journal's last
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
    long duplicateOf(final long clientId, final long sequence)
    {
        if (clientId == 0)
        {
            return Checkpoint.NONE;
        }
        final ClientWindow window = windows.get(clientId);
        return window == null ? Checkpoint.NONE : window.indexOf(sequence);
    }

    /**
     * Decides a write that is not a retry: apply, overwrote (a conflict it wins) or superseded. Sets the event's
     * decision and the other write's index and client.
     */
    void decide(final WriteEvent event, final RequestDecoder request)
    {
        decidedAtNanos = System.nanoTime();
        entryHash = conflicts.find(request);
        if (conflictWindowNanos <= 0 || !conflicts.found(entryHash) || conflicts.client() == event.clientId ||
            decidedAtNanos - conflicts.time() >= conflictWindowNanos)
        {
            if (historyOfEveryOverwrite || request.keepsHistory())
            {
                event.decision = JournalRecord.DECISION_KEEP_HISTORY;
                event.otherClient = conflicts.found(entryHash) ? conflicts.client() : 0;
                event.otherIndex = conflicts.found(entryHash) ? conflicts.index() : -1;
            }
            return;
        }
        event.otherIndex = conflicts.index();
        event.otherClient = conflicts.client();
        event.decision = priority(request) < conflicts.priority() ? JournalRecord.DECISION_SUPERSEDED :
            JournalRecord.DECISION_OVERWROTE;
    }

    /**
     * Remembers a decided and journaled write: for retries (by the broker time journaled with it), and, unless it
     * was superseded, as the entry's standing write (from when it was decided). Call right after {@link #decide} for
     * the same write.
     */
    void journaled(final WriteEvent event, final RequestDecoder request, final long nowMillis)
    {
        journaled(event.clientId, event.sequence, event.journalIndex, nowMillis);
        if ((conflictWindowNanos > 0 || historyOfEveryOverwrite) &&
            event.decision != JournalRecord.DECISION_SUPERSEDED)
        {
            conflicts.record(entryHash, event.clientId, priority(request), decidedAtNanos, event.journalIndex);
        }
    }

    private short priority(final RequestDecoder request)
    {
        return (short)Math.min(request.priority(), maxPriority);
    }

    /**
     * Remembers a journaled write for retries.
     */
    void journaled(final long clientId, final long sequence, final long index, final long timeMillis)
    {
        lastIndex = index;
        lastClient = clientId;
        lastSequence = sequence;
        if (clientId != 0)
        {
            ClientWindow window = windows.get(clientId);
            if (window == null)
            {
                window = new ClientWindow(windowSize);
                windows.put(clientId, window);
            }
            window.put(sequence, index);
            window.lastMillis = Math.max(window.lastMillis, timeMillis);
        }
    }

    /**
     * Forgets the windows of clients that wrote nothing for longer than the expiry.
     *
     * @return how many were forgotten.
     */
    int expire(final long nowMillis)
    {
        if (windowExpiryMillis == Long.MAX_VALUE)
        {
            return 0;
        }
        final int before = windows.size();
        final long cutoff = nowMillis - windowExpiryMillis;
        windows.values().removeIf(window -> window.lastMillis < cutoff);
        return before - windows.size();
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
                windows.remove(clientId);
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

    int windowSize()
    {
        return windowSize;
    }

    int maxRecordLength()
    {
        return maxRecordLength;
    }

    Long2ObjectHashMap<ClientWindow> windows()
    {
        return windows;
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

        private final int maxSize;
        private long[] sequences;
        private long[] indices;
        private int mask;
        private long lastMillis;

        ClientWindow(final int maxSize)
        {
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
