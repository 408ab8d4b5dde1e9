package dev.zom.replay;

import dev.zom.journal.Journal;

/**
 * Which journal entries a tool takes ({@code zom replay}, {@code zom journal dump}): those between two journal
 * indices and between two broker times, both inclusive, at or below a location.
 *
 * @param fromIndex the first journal index, or {@link Long#MIN_VALUE}.
 * @param toIndex   the last journal index, or {@link Long#MAX_VALUE}.
 * @param fromTime  the earliest broker time (epoch ms), or {@link Long#MIN_VALUE}.
 * @param toTime    the latest broker time (epoch ms), or {@link Long#MAX_VALUE}.
 * @param under     only locations equal to or below this one, or null for all.
 */
public record JournalRange(long fromIndex, long toIndex, long fromTime, long toTime, String under)
{
    /** Every entry. */
    public static final JournalRange ALL =
        new JournalRange(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, null);

    /**
     * A reader over the journal from the range's first index.
     *
     * @param journal the journal.
     * @return the reader.
     */
    public JournalEntries entries(final Journal journal)
    {
        final JournalEntries entries = new JournalEntries(journal);
        return fromIndex == Long.MIN_VALUE ? entries : entries.from(fromIndex);
    }

    /**
     * Whether an entry comes after the range's last index, so that nothing after it can be in the range.
     *
     * @param entry an entry.
     * @return true past the end.
     */
    public boolean isPast(final JournalEntry entry)
    {
        return entry.index() > toIndex;
    }

    /**
     * Whether a sound entry is in the range (a damaged one has no time or location to judge by: never).
     *
     * @param entry an entry.
     * @return true when it is.
     */
    public boolean matches(final JournalEntry entry)
    {
        return entry.isSound() && coversIndex(entry) &&
            entry.timeMillis() >= fromTime && entry.timeMillis() <= toTime &&
            (under == null || entry.location().equals(under) ||
                entry.location().startsWith(under.endsWith("/") ? under : under + "/"));
    }

    /**
     * Whether an entry's index is in the range, whatever its time and location (for damaged entries).
     *
     * @param entry an entry.
     * @return true when it is.
     */
    public boolean coversIndex(final JournalEntry entry)
    {
        return entry.index() >= fromIndex && entry.index() <= toIndex;
    }

}
