package dev.zom.broker;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The locations (waiting for their storage) and entries (waiting for a lock another writer holds) a disk writer
 * cannot write yet. Each keeps only the record it failed on, to retry, and the index after which the journal holds
 * all of its later records; the writer drops those as it reads them. Once a retried record is written, the writer
 * reads the journal again from there and this says which records to apply: those of the locations and entries
 * written again, up to where the writer had read. Memory stays one record per location or entry that waits, however
 * long it waits and however much is written to it meanwhile; the journal holds the rest (the writer's checkpoint
 * stays at or before where each began to wait, so none of it can be deleted). What reads must still scan the journal
 * for is published through {@link #waitingAfter()}. Not thread-safe.
 */
final class WaitingWrites
{
    /**
     * How many locations and entries may wait at once (about a kilobyte each): past that the writer stops reading
     * until some are written; its file store has failed as a whole, and the journal keeps everything meanwhile.
     */
    static final int MAX_WAITING = 10_000;
    /** What {@link #retry} answers when nothing was written. */
    static final long NOTHING_TO_REREAD = Long.MIN_VALUE;

    private final Map<String, Waiting> byKey = new LinkedHashMap<>();
    private final Map<String, Long> rereading = new HashMap<>();
    private long rereadUpTo;
    private long retryAtNanos;
    private Map<String, Long> waitingAfter = Map.of();
    private boolean changed;

    /**
     * One location or entry that waits: the record it failed on (alone in its coalescer) and where to read again.
     */
    private static final class Waiting
    {
        final Coalescer failed = new Coalescer();
        final long rereadAfter;

        Waiting(final Coalescer.Entry entry, final long rereadAfter)
        {
            failed.keepFrom(entry);
            this.rereadAfter = rereadAfter;
        }

        Coalescer.Entry record()
        {
            return failed.entries().iterator().next();
        }
    }

    /**
     * Makes a location or entry wait.
     *
     * @param key         the location, or the entry's key.
     * @param failed      the record that could not be written (copied).
     * @param rereadAfter the index after which the journal holds every later record of it.
     * @param retryAt     when to retry, in {@link System#nanoTime()} time, if nothing else waits already (a stream
     *                    of new failures must not keep putting off the retries of the first).
     */
    void add(final String key, final Coalescer.Entry failed, final long rereadAfter, final long retryAt)
    {
        if (byKey.isEmpty())
        {
            retryAtNanos = retryAt;
        }
        byKey.put(key, new Waiting(failed, rereadAfter));
        rereading.remove(key);
        changed = true;
    }

    /**
     * Whether a record of this location and entry must wait (its location or the entry itself waits).
     *
     * @param location the record's location.
     * @param entryKey the record's entry key.
     * @return true when the record is left to the journal.
     */
    boolean isWaiting(final String location, final String entryKey)
    {
        return !byKey.isEmpty() && (byKey.containsKey(location) || byKey.containsKey(entryKey));
    }

    /**
     * @param nowNanos the time now, in {@link System#nanoTime()} time.
     * @return whether something waits and its retry is due (never while the journal is being read again).
     */
    boolean retryDue(final long nowNanos)
    {
        return !byKey.isEmpty() && rereading.isEmpty() && nowNanos >= retryAtNanos;
    }

    /**
     * Retries the record each location or entry failed on, in the order they began to wait.
     *
     * @param write    writes a record, answering whether it was written.
     * @param lastRead the index the writer has read up to.
     * @param retryAt  when to retry those still waiting, in {@link System#nanoTime()} time.
     * @return the index after which to read the journal again, or {@link #NOTHING_TO_REREAD}.
     */
    long retry(final Predicate<Coalescer.Entry> write, final long lastRead, final long retryAt)
    {
        long rereadAfter = NOTHING_TO_REREAD;
        final Iterator<Map.Entry<String, Waiting>> keys = byKey.entrySet().iterator();
        while (keys.hasNext())
        {
            final Map.Entry<String, Waiting> key = keys.next();
            if (write.test(key.getValue().record()))
            {
                keys.remove();
                rereading.put(key.getKey(), key.getValue().rereadAfter);
                rereadAfter = rereadAfter == NOTHING_TO_REREAD ? key.getValue().rereadAfter :
                    Math.min(rereadAfter, key.getValue().rereadAfter);
            }
        }
        rereadUpTo = lastRead;
        retryAtNanos = retryAt;
        return rereadAfter;
    }

    /**
     * Whether the record just read at {@code index} is read again (it was read before the journal was rewound).
     *
     * @param index the record's index.
     * @return true when only records of the locations and entries written again are to be applied.
     */
    boolean rereading(final long index)
    {
        return !rereading.isEmpty() && index <= rereadUpTo;
    }

    /**
     * Ends the reading again once the writer is back where it had read up to.
     *
     * @param lastRead the index the writer has read up to.
     */
    void readUpTo(final long lastRead)
    {
        if (lastRead >= rereadUpTo && !rereading.isEmpty())
        {
            rereading.clear();
            changed = true;
        }
    }

    /**
     * @param location a record's location.
     * @param entryKey its entry key.
     * @return whether a record read again belongs to a location or entry being written again.
     */
    boolean isRereading(final String location, final String entryKey)
    {
        return rereading.containsKey(location) || rereading.containsKey(entryKey);
    }

    /**
     * @return the index the writer's checkpoint must not pass: before the earliest record still waiting. Asked at
     *         every duty cycle, idle ones too: with nothing waiting it creates no iterator.
     */
    long safeCheckpoint()
    {
        if (byKey.isEmpty())
        {
            return Long.MAX_VALUE;
        }
        long safe = Long.MAX_VALUE;
        for (final Waiting waiting : byKey.values())
        {
            safe = Math.min(safe, waiting.rereadAfter);
        }
        return safe;
    }

    /**
     * What read-your-writes must scan the journal for ({@link WriterProgress}): per location or entry key that waits
     * or is being read again, the index after which its records may be unapplied.
     *
     * @return an immutable map, the same one while nothing changed.
     */
    Map<String, Long> waitingAfter()
    {
        if (changed)
        {
            final Map<String, Long> all = new HashMap<>(rereading);
            byKey.forEach((key, waiting) -> all.put(key, waiting.rereadAfter));
            waitingAfter = Map.copyOf(all);
            changed = false;
        }
        return waitingAfter;
    }

    /**
     * @return how many locations and entries wait.
     */
    int size()
    {
        return byKey.size();
    }
}
