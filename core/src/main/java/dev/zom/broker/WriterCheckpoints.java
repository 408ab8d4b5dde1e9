package dev.zom.broker;

import dev.zom.journal.Checkpoint;
import dev.zom.journal.FileSync;
import dev.zom.journal.Journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where a disk writer starts when the journal has no checkpoint of its name, and what becomes of the checkpoints of
 * writers this configuration does not have. A writer is named after its file system, so a file system whose name
 * changed (a disk that enumerates differently, an export renamed), or roots moved or left out, leave a checkpoint no
 * writer owns, and a writer that has none. Each writer's roots are kept beside its checkpoint
 * ({@code journal/writer-NAME.roots}) for this.
 * <ul>
 * <li>A writer without a checkpoint starts after the lowest writer checkpoint in the journal, not at the journal's
 * start: every record up to it is applied in every tree, and re-applying days of writes put older values back in
 * the trees for as long as it took. It takes over the other writers' first writes ({@link FirstWrites}) too.</li>
 * <li>An ownerless checkpoint whose roots are all written by writers of this configuration that start at or before
 * it is removed: left, it would hold retention back for good, and the journal filled its disk weeks later. One with
 * a root left out of this configuration stays, so that its writer resumes there when the root comes back (a broker
 * run on fewer roots for a while must not lose the writes it left unapplied); one that a writer of its roots is
 * already past stays too, and so does one from before roots were recorded, unless its name is a writer's here with
 * the device number after it (as writers were named then). The log names each kept one and what to do.</li>
 * </ul>
 * Runs once at launch, before the writers start.
 */
public final class WriterCheckpoints
{
    private static final String ROLE = "zom-writers";
    private static final String ROOTS = ".roots";

    private WriterCheckpoints()
    {
    }

    /**
     * Gives each writer of this configuration without a checkpoint its start, records every writer's roots, and
     * removes the ownerless checkpoints the writers of this configuration cover.
     *
     * @param journal the journal.
     * @param stores  this configuration's stores.
     * @param errors  where to say what was done.
     * @throws UncheckedIOException when a writer's roots or first writes cannot be written.
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
        final Map<String, Long> ownerless = new TreeMap<>(before);
        final long lowest = before.values().stream().mapToLong(Long::longValue).min().orElse(Checkpoint.NONE);
        final Map<Stores.Store, Long> starts = new HashMap<>();
        for (final Stores.Store store : stores.all())
        {
            final String name = store.checkpointName();
            ownerless.remove(name);
            if (!before.isEmpty() && !before.containsKey(name))
            {
                start(journal, name, lowest, before.keySet());
                errors.log(ROLE, name + " is new to this journal: it starts after index=" + lowest + ", the lowest " +
                    "writer checkpoint there, not at the journal's start");
            }
            starts.put(store, before.getOrDefault(name, lowest));
            writeRoots(journal, store);
        }
        ownerless.forEach((name, index) -> retire(journal, stores, name, index, starts, errors));
    }

    private static void retire(final Journal journal, final Stores stores, final String name, final long index,
        final Map<Stores.Store, Long> starts, final ErrorLog errors)
    {
        final List<String> recorded = readRoots(journal, name);
        final List<String> roots = recorded != null ? recorded : rootsBeforeRecords(stores, name);
        final String file = journal.directory().resolve("checkpoints").resolve(name + ".cp").toString();
        if (roots == null)
        {
            errors.log(ROLE, "kept checkpoint " + name + " (index=" + index + "): no writer of this configuration " +
                "has its name and its roots are not recorded; it holds back retention: if its roots are written " +
                "here now or gone for good, delete " + file);
            return;
        }
        final List<String> leftOut = new ArrayList<>();
        final Map<String, Long> past = new TreeMap<>();
        for (final String root : roots)
        {
            final Stores.Store store = stores.storeOf(root);
            if (store == null)
            {
                leftOut.add(root);
            }
            else if (starts.get(store) > index)
            {
                past.put(store.checkpointName(), starts.get(store));
            }
        }
        if (!leftOut.isEmpty())
        {
            errors.log(ROLE, "kept checkpoint " + name + " (index=" + index + "): its roots " + leftOut + " are not " +
                "in this configuration, and its writer resumes there when they are back (it holds back retention " +
                "meanwhile; if they are gone for good, delete " + file + ")");
        }
        else if (!past.isEmpty())
        {
            errors.log(ROLE, "kept checkpoint " + name + " (index=" + index + "), though no writer of this " +
                "configuration has its name, and it holds back retention: " + past + " already passed it, so its " +
                "roots may lack the writes after it. Apply them (zom replay --from " + (index + 1) + " --root " +
                "ROOT), then delete " + file);
        }
        else
        {
            journal.removeCheckpoint(name);
            delete(firstWrites(journal, name));
            delete(rootsFile(journal, name));
            errors.log(ROLE, "removed checkpoint " + name + " (index=" + index + "): no writer of this " +
                "configuration has its name (file system renamed, roots moved), and the writers of its roots start " +
                "at or before it");
        }
    }

    /**
     * The roots of a checkpoint from before writers' roots were recorded, when its name is that of a writer here with
     * the file system's device number after it (the names those versions gave): the same file system, renamed once.
     * Otherwise null.
     */
    private static List<String> rootsBeforeRecords(final Stores stores, final String name)
    {
        for (final Stores.Store store : stores.all())
        {
            if (name.matches(Pattern.quote(store.checkpointName()) + "-[0-9]+"))
            {
                final List<String> roots = new ArrayList<>();
                store.roots().forEach(root -> roots.add(root.toString()));
                return roots;
            }
        }
        return null;
    }

    static Path firstWrites(final Journal journal, final String checkpointName)
    {
        return journal.directory().resolve(checkpointName + ".first-writes");
    }

    private static Path rootsFile(final Journal journal, final String checkpointName)
    {
        return journal.directory().resolve(checkpointName + ROOTS);
    }

    private static void writeRoots(final Journal journal, final Stores.Store store)
    {
        final Path file = rootsFile(journal, store.checkpointName());
        final StringBuilder text = new StringBuilder();
        store.roots().forEach(root -> text.append(root).append('\n'));
        try
        {
            final byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            if (!Files.exists(file) || !Arrays.equals(Files.readAllBytes(file), bytes))
            {
                final Path temp = file.resolveSibling(file.getFileName() + ".new");
                Files.write(temp, bytes);
                FileSync.force(temp);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                FileSync.force(journal.directory());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot record the roots of " + store.checkpointName() + " in " + file, ex);
        }
    }

    private static List<String> readRoots(final Journal journal, final String checkpointName)
    {
        return recordedRoots(journal.directory(), checkpointName);
    }

    /**
     * The roots a disk writer wrote when it last ran, as recorded beside its checkpoint ({@code zom journal stat}
     * shows them).
     *
     * @param journalDirectory the journal's folder.
     * @param checkpointName   the writer's checkpoint name, e.g. {@code writer-dev-sdb1}.
     * @return the roots, or null when not recorded (not a writer's checkpoint, one older than the record, or
     *         unreadable).
     */
    public static List<String> recordedRoots(final Path journalDirectory, final String checkpointName)
    {
        try
        {
            final List<String> roots = Files.readAllLines(journalDirectory.resolve(checkpointName + ROOTS),
                StandardCharsets.UTF_8);
            return roots.isEmpty() ? null : roots;
        }
        catch (final IOException ex)
        {
            return null;
        }
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
