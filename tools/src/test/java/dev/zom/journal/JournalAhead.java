package dev.zom.journal;

import java.nio.file.Path;

/**
 * Writes a journal as a broker whose clock ran ahead would have (a host whose clock was set forward, then put
 * right), for tests of the tools outside the journal's package: the journal's own clock is package-private.
 */
public final class JournalAhead
{
    private JournalAhead()
    {
    }

    /**
     * Appends one record with the wall clock {@code aheadMillis} ahead of the real one.
     *
     * @param directory   the journal folder.
     * @param aheadMillis how far ahead the clock is.
     * @param record      the record's bytes.
     * @return the record's index.
     */
    public static long append(final Path directory, final long aheadMillis, final byte[] record)
    {
        try (Journal journal = Journal.open(new Journal.Context().directory(directory),
            () -> System.currentTimeMillis() + aheadMillis);
            JournalAppender appender = journal.appender())
        {
            return appender.append(record, 0, record.length);
        }
    }
}
