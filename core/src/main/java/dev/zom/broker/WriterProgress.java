package dev.zom.broker;

import java.util.Map;

/**
 * How far a disk writer has applied the journal, for read-your-writes: every record of its store up to
 * {@code appliedThrough} is on disk, but those of the locations and entries that wait ({@link WaitingWrites}), each
 * unapplied after its own index. Reads and listings scan the journal for pending writes from there, not from the
 * writer's checkpoint, which a location that waits holds back: a shot folder with the wrong permissions for a week
 * would otherwise make every read on its file store scan a week of journal on the ingress thread. The writer
 * publishes one immutable view after each batch; the ingress reads it. Thread-safe.
 */
final class WriterProgress
{
    /** {@link #appliedUnlessWaiting}'s answer for a location or entry that waits. */
    static final long WAITING = Long.MIN_VALUE;

    private volatile View current;

    /**
     * What the writer had applied when it published.
     *
     * @param appliedThrough the index up to which every record is applied but those of {@code waitingAfter}.
     * @param waitingAfter   for each waiting location or entry key, the index after which its records are not.
     */
    private record View(long appliedThrough, Map<String, Long> waitingAfter)
    {
    }

    /**
     * @param checkpoint the writer's checkpoint at start: everything up to it is applied.
     */
    WriterProgress(final long checkpoint)
    {
        current = new View(checkpoint, Map.of());
    }

    /**
     * Publishes what the writer has applied (writer thread).
     *
     * @param appliedThrough the index up to which every record is applied but those of {@code waitingAfter}.
     * @param waitingAfter   an immutable map: per waiting location or entry key, the index after which it waits.
     */
    void publish(final long appliedThrough, final Map<String, Long> waitingAfter)
    {
        current = new View(appliedThrough, waitingAfter);
    }

    /**
     * Where to scan the journal from for the pending writes of an entry, or of a location.
     *
     * @param location the location.
     * @param entryKey the entry's {@link EntryKey}, or null for all of the location's entries.
     * @return the index after which its writes may be unapplied.
     */
    long scanAfter(final String location, final String entryKey)
    {
        return scanAfter(current, location, entryKey);
    }

    /**
     * What the writer has applied every record through, when neither a location nor the entry (or, with a null key,
     * none of the location's entries) waits: every write to them at or before it is then on disk. From one published
     * view.
     *
     * @param location the location.
     * @param entryKey the entry's {@link EntryKey}, or null for all of the location's entries.
     * @return the index, or {@link #WAITING} when something of them waits.
     */
    long appliedUnlessWaiting(final String location, final String entryKey)
    {
        final View view = current;
        final long after = scanAfter(view, location, entryKey);
        return after == view.appliedThrough() ? after : WAITING;
    }

    private static long scanAfter(final View view, final String location, final String entryKey)
    {
        long after = view.appliedThrough();
        if (view.waitingAfter().isEmpty())
        {
            return after;
        }
        after = Math.min(after, view.waitingAfter().getOrDefault(location, after));
        if (entryKey != null)
        {
            return Math.min(after, view.waitingAfter().getOrDefault(entryKey, after));
        }
        final String entriesOfLocation = location + '\u0000';
        for (final Map.Entry<String, Long> waiting : view.waitingAfter().entrySet())
        {
            if (waiting.getKey().startsWith(entriesOfLocation))
            {
                after = Math.min(after, waiting.getValue());
            }
        }
        return after;
    }

    /**
     * @return the index up to which the writer has applied every record but those that wait.
     */
    long appliedThrough()
    {
        return current.appliedThrough();
    }
}
