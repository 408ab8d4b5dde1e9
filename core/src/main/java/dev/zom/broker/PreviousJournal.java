package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.journal.Checkpoint;
import dev.zom.journal.Journal;
import dev.zom.replay.JournalEntries;
import dev.zom.replay.JournalEntry;
import dev.zom.replay.JournalRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The journal of the broker that served a root before this one, as its claim names it. A broker given another
 * journal folder (the journal moved to a disk of its own, a mistyped {@code --journal}) would never apply what the
 * old journal acknowledged and its disk writer had not applied when it stopped: those writes would be in no tree and
 * in no journal this broker reads. So before claiming a root whose claim names another journal on this host that
 * still exists, a broker looks there for writes under the root after that journal's writer checkpoint, and refuses
 * to launch while there are any, saying how to apply them. Moving the old journal away says they may go.
 */
final class PreviousJournal
{
    private PreviousJournal()
    {
    }

    /**
     * Refuses a root whose last broker's journal still holds writes under it that were never applied.
     *
     * @param root     the root about to be claimed.
     * @param previous the journal its claim's last holder named on this host ({@link RootClaims#lastJournalHere}),
     *                 or null.
     * @param journal  this broker's journal folder.
     * @throws ZomException {@link ErrorCode#UNAVAILABLE} naming the writes, the journal and what to do.
     */
    static void refuseUnapplied(final Path root, final Path previous, final Path journal)
    {
        if (previous == null || !Journal.existsIn(previous) || sameFolder(previous, journal))
        {
            return;
        }
        try (Journal old = JournalEntries.openExisting(previous))
        {
            final long checkpoint = checkpointOf(old, root);
            final long unapplied = countUnder(old, checkpoint, root);
            if (unapplied > 0)
            {
                throw refusal(root, previous, journal, unapplied, checkpoint);
            }
        }
    }

    private static ZomException refusal(
        final Path root, final Path other, final Path journal, final long unapplied, final long checkpoint)
    {
        final boolean none = checkpoint == Checkpoint.NONE;
        return new ZomException(ErrorCode.UNAVAILABLE, "root=" + root + " was served by a broker with journal=" +
            other + ", which holds " + unapplied + " writes under it past its disk writer's " +
            (none ? "start" : "checkpoint (index " + checkpoint + ")") + ", some or all never applied; with " +
            "journal=" + journal.toAbsolutePath().normalize() + " this broker would never apply them. Start it " +
            "once with --journal " + other + " (it applies them and stops cleanly on SIGTERM), or apply them with " +
            "zom replay --journal " + other + " --root " + root + " --under " + root +
            (none ? "" : " --from " + (checkpoint + 1)) + " and then move that journal away, or move it away to " +
            "leave them unapplied");
    }

    /** Whether two spellings name one folder (a symbolic link, a bind mount); a folder not made yet is no other's. */
    private static boolean sameFolder(final Path previous, final Path journal)
    {
        try
        {
            return !Files.exists(journal) ? previous.equals(journal.toAbsolutePath().normalize()) :
                Files.isSameFile(previous, journal);
        }
        catch (final IOException unreadable)
        {
            return false;
        }
    }

    /**
     * The checkpoint of the writer that served the root: the lowest of those that name it among their roots, else of
     * those from before roots were recorded; none at all means nothing was ever applied.
     */
    private static long checkpointOf(final Journal journal, final Path root)
    {
        long serving = Long.MAX_VALUE;
        long unrecorded = Long.MAX_VALUE;
        for (final Map.Entry<String, Long> checkpoint : journal.checkpoints().entrySet())
        {
            final List<String> roots = WriterCheckpoints.recordedRoots(journal.directory(), checkpoint.getKey());
            if (roots == null)
            {
                unrecorded = Math.min(unrecorded, checkpoint.getValue());
            }
            else if (roots.contains(root.toString()))
            {
                serving = Math.min(serving, checkpoint.getValue());
            }
        }
        return serving != Long.MAX_VALUE ? serving : unrecorded != Long.MAX_VALUE ? unrecorded : Checkpoint.NONE;
    }

    private static long countUnder(final Journal journal, final long checkpoint, final Path root)
    {
        final JournalRange pastCheckpoint = new JournalRange(checkpoint + 1, Long.MAX_VALUE, Long.MIN_VALUE,
            Long.MAX_VALUE, root.toString());
        long count = 0;
        try (JournalEntries entries = pastCheckpoint.entries(journal))
        {
            for (JournalEntry entry = entries.next(); entry != null; entry = entries.next())
            {
                count += pastCheckpoint.matches(entry) ? 1 : 0;
            }
        }
        return count;
    }
}
