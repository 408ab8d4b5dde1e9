package dev.zom.journal;

import java.util.Locale;

/**
 * When an appended record counts as durable, and so when the broker may acknowledge it.
 */
public enum DurabilityMode
{
    /** Acknowledged once appended to the mapped journal: survives a process crash, not a power loss. */
    NONE,
    /**
     * Acknowledged after a group commit synced the journal: one sync for everything appended while the previous
     * one ran (see {@link JournalSyncer}); survives power loss.
     */
    BATCH,
    /** Acknowledged after the journal is synced after each record: survives power loss, one sync per write. */
    EVERY;

    /**
     * Parses a mode name, ignoring case.
     *
     * @param name {@code none}, {@code batch} or {@code every}.
     * @return the mode.
     */
    public static DurabilityMode parse(final String name)
    {
        try
        {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("invalid durability=" + name + " (none, batch or every)", ex);
        }
    }

    @Override
    public String toString()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
