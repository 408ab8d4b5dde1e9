package dev.zom.broker;

import dev.zom.journal.Journal;

/**
 * Says in the broker's log when the wall clock is behind the start of the journal's newest cycle (set back, or a
 * host started with a stale clock), and when it has caught up: meanwhile the journal goes on appending to that cycle
 * ({@link Journal#clockBehind()}). Not thread-safe: checked at launch, then by the maintenance thread.
 */
final class JournalClockWatch
{
    static final long PERIOD_MILLIS = 10_000;

    private final Journal journal;
    private final ErrorLog errors;
    private boolean behind;

    JournalClockWatch(final Journal journal, final ErrorLog errors)
    {
        this.journal = journal;
        this.errors = errors;
    }

    void check()
    {
        final String said = journal.clockBehind();
        if (said != null && !behind)
        {
            errors.log("zom-journal", said);
        }
        else if (said == null && behind)
        {
            errors.log("zom-journal", "the wall clock has reached the journal's newest cycle again");
        }
        behind = said != null;
    }
}
