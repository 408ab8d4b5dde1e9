package dev.zom.broker;

import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.RequestDecoder;

import java.util.concurrent.TimeUnit;

/**
 * Decides, on the ring and before journaling, what becomes of each write; the decision is written into the journal
 * record, so replay applies the same result and never decides again. This is where RFC13's "who wins" is answered:
 * <ul>
 * <li>A write whose (client id, client sequence) was already journaled is a retry, acknowledged again with its
 * original index and not journaled twice, once the journal handler has checked that it is the same write
 * ({@link RetryCheck}); the clients' recent sequences are the {@link RetryWindows}.</li>
 * <li>A write to an entry that another client wrote less than the conflict window ago is a conflict; the window is
 * measured on the broker's monotonic clock ({@link System#nanoTime()}, as the {@link JournalHandler} reads it for the
 * write), which setting its wall clock does not move.
 * If its priority is lower than the standing write's, it is superseded: journaled, not applied, kept in history.
 * Otherwise it wins (the later write wins between equal priorities) and the value it replaced goes to history.
 * Priorities above the broker's cap are lowered to it. A window of 0 turns conflicts off.</li>
 * <li>When the broker keeps the history of every overwrite, or the write asks for it
 * ({@code Protocol.REQUEST_FLAG_KEEP_HISTORY}), any other write is marked to keep the value it replaces in
 * history.</li>
 * </ul>
 * Runs on the journal thread only.
 */
final class Arbiter
{
    private final RetryWindows retryWindows;
    private final long conflictWindowNanos;
    private final short maxPriority;
    private final ConflictTable conflicts;
    private final boolean historyOfEveryOverwrite;
    private long entryHash;
    private long decidedAtNanos;

    Arbiter(final int windowSize, final int maxRecordLength)
    {
        this(new RetryWindows(windowSize, maxRecordLength), 0, Short.MAX_VALUE, 16, false);
    }

    Arbiter(
        final RetryWindows retryWindows,
        final long conflictWindowMillis,
        final short maxPriority,
        final int conflictTableSize,
        final boolean historyOfEveryOverwrite)
    {
        this.retryWindows = retryWindows;
        this.historyOfEveryOverwrite = historyOfEveryOverwrite;
        this.conflictWindowNanos = TimeUnit.MILLISECONDS.toNanos(conflictWindowMillis);
        this.maxPriority = maxPriority;
        this.conflicts = new ConflictTable(conflictTableSize);
    }

    /**
     * The clients' recent sequences, by which retries are recognised.
     *
     * @return the retry windows.
     */
    RetryWindows retryWindows()
    {
        return retryWindows;
    }

    /**
     * Decides a write that is not a retry: apply, overwrote (a conflict it wins) or superseded. Sets the event's
     * decision and the other write's index and client.
     *
     * @param nowNanos the broker's monotonic time for the write ({@link System#nanoTime()}).
     */
    void decide(final WriteEvent event, final RequestDecoder request, final long nowNanos)
    {
        decidedAtNanos = nowNanos;
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
        retryWindows.journaled(event.clientId, event.sequence, event.journalIndex, nowMillis);
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
}
