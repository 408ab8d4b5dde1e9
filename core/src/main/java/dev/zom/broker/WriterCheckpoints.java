package dev.zom.broker;

import dev.zom.journal.Checkpoint;
import dev.zom.journal.FileSync;
import dev.zom.journal.Journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a disk writer starts when the journal has no checkpoint of its name, and what becomes of the checkpoints of
 * writers this configuration no longer has. A writer is named after its file system, so a file system whose name
 * changed (a disk that enumerates differently, an export renamed) or a root moved or removed leaves a checkpoint no
 * writer owns, and a writer that has none.
 * <ul>
 * <li>Such a writer starts after the lowest writer checkpoint in the journal, not at the journal's start: every
 * record up to it is applied in every tree, and re-applying days of writes put older values back in the trees for
 * as long as it took. It takes over the ownerless writers' first writes ({@link FirstWrites}) too.</li>
 * <li>An ownerless checkpoint held retention back for good: the journal filled its disk weeks later. It is removed
 * when every writer now starts at or before it, so no record it had not passed is skipped by the writers taking
 * over; otherwise it stays, and the log names it and how to remove it by hand.</li>
 * </ul>
 * Runs once at launch, before the writers start.
 */
final class WriterCheckpoints
{
    private static final String ROLE = "zom-writers";

    private WriterCheckpoints()
    {
    }

    /**
     * Gives each writer of this configuration without a checkpoint its start, and removes the ownerless checkpoints
     * that every writer now starts at or before.
     *
     * @param journal the journal.
     * @param stores  this configuration's stores.
     * @param errors  where to say what was done.
     * @throws UncheckedIOException when a first-writes file cannot be taken over.
     */
    static void prepare(final Journal journal, final Stores stores, final ErrorLog errors)
    {
        final Map<String, Long> before = new TreeMap<>();
        journal.checkpoints().forEach((name, index) ->
        {
            if (name.startsWith(Stores.Store.CHECKPOINT_PREFIX))
            {
                before.put(name, index);
            }
        });
        if (before.isEmpty())
        {
            return;
        }
        final Map<String, Long> ownerless = new TreeMap<>(before);
        final long lowest = before.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        final Map<String, Long> starts = new TreeMap<>();
        for (final Stores.Store store : stores.all())
        {
            final String name = store.checkpointName();
            ownerless.remove(name);
            if (!before.containsKey(name))
            {
                start(journal, name, lowest, before.keySet());
                errors.log(ROLE, name + " is new to this journal: it starts after index=" + lowest + ", the lowest " +
                    "writer checkpoint there, not at the journal's start");
            }
            starts.put(name, before.getOrDefault(name, lowest));
        }
        ownerless.forEach((name, index) -> retire(journal, name, index, starts, errors));
    }

    private static void retire(final Journal journal, final String name, final long index,
        final Map<String, Long> starts, final ErrorLog errors)
    {
        final Map<String, Long> past = new TreeMap<>(starts);
        past.values().removeIf(start -> start <= index);
        if (past.isEmpty())
        {
            journal.removeCheckpoint(name);
            delete(firstWrites(journal, name));
            errors.log(ROLE, "removed checkpoint " + name + " (index=" + index + "): no writer of this " +
                "configuration has its name (file system renamed, root moved or removed), and every writer starts " +
                "at or before it");
            return;
        }
        errors.log(ROLE, "kept checkpoint " + name + " (index=" + index + "), though no writer of this " +
            "configuration has its name, and it holds back retention: " + past + " already passed it, so a root it " +
            "wrote that one of them writes now may lack the writes after it. Apply them (zom replay --from " +
            (index + 1) + " --root ROOT), then delete " +
            journal.directory().resolve("checkpoints").resolve(name + ".cp"));
    }

    static Path firstWrites(final Journal journal, final String checkpointName)
    {
        return journal.directory().resolve(checkpointName + ".first-writes");
    }

    /**
     * Gives a new writer its start and the first writes every other writer remembers (only those of the records it
     * applies matter to it), each on disk before an ownerless checkpoint may go.
     */
    private static void start(final Journal journal, final String name, final long start, final Iterable<String> others)
    {
        final Path mine = firstWrites(journal, name);
        try
        {
            final ByteArrayOutputStream taken = new ByteArrayOutputStream();
            for (final String other : others)
            {
                final Path theirs = firstWrites(journal, other);
                if (Files.exists(theirs))
                {
                    taken.write(Files.readAllBytes(theirs));
                }
            }
            if (taken.size() > 0)
            {
                Files.write(mine, taken.toByteArray(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                FileSync.force(mine);
                FileSync.force(journal.directory());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot take over first writes in " + mine, ex);
        }
        final Checkpoint checkpoint = journal.checkpoint(name);
        checkpoint.set(start);
        checkpoint.force();
    }

    private static void delete(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete " + file, ex);
        }
    }
}
