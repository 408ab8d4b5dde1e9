package dev.zom.replay;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.broker.BrokerLock;
import dev.zom.broker.Coalescer;
import dev.zom.broker.ForeignClaims;
import dev.zom.broker.OverwrittenWrites;
import dev.zom.broker.RootClaims;
import dev.zom.broker.TreeSync;
import dev.zom.broker.WriteApplier;
import dev.zom.format.JsonEncoder;
import dev.zom.journal.Journal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Rebuilds or repairs Open Metadata trees from a journal: into the live roots or re-rooted into another folder,
 * between two journal indices or times, only under a location prefix, or as a dry run that prints what it would
 * write. It applies with the disk writers' own {@link WriteApplier} and {@link Coalescer}, so a replay writes what
 * the broker would have written. It refuses to write into the roots of a live broker on the same journal, or into a
 * tree another live broker claims ({@link RootClaims}).
 */
public final class Replay
{
    private static final int BATCH = 4096;
    private static final int REFUSALS_NAMED = 10;

    private final Options options;
    private final Path into;

    /**
     * What to replay and where.
     *
     * @param journal   the journal folder.
     * @param roots     the roots to write under when replaying in place (ignored with {@code into}).
     * @param into      a folder to re-root every location into ({@code /a/b} goes to {@code into/a/b}), or null.
     * @param range     the entries to replay.
     * @param dryRun    print what would be written instead of writing.
     */
    public record Options(Path journal, List<Path> roots, Path into, JournalRange range, boolean dryRun)
    {
    }

    /**
     * What a replay did.
     *
     * @param read      journal records read.
     * @param matched   records within the range and prefix.
     * @param written   entries written (or that would be, in a dry run).
     * @param coalesced matched records superseded by a later write to the same entry in the same batch.
     * @param damaged   torn or corrupt records skipped.
     * @param refused   records the Open Metadata rules refused (e.g. a location outside the roots).
     * @param synced    the trees written to are on the disk ({@link TreeSync}); false for a dry run.
     */
    public record Summary(long read, long matched, long written, long coalesced, long damaged, long refused,
        boolean synced)
    {
        private Summary asSynced()
        {
            return new Summary(read, matched, written, coalesced, damaged, refused, true);
        }
    }

    /**
     * A replay with these options.
     *
     * @param options what to replay and where.
     */
    public Replay(final Options options)
    {
        this.options = options;
        this.into = options.into() == null ? null : options.into().toAbsolutePath().normalize();
    }

    /**
     * Counts the records the replay would read, for a progress bar.
     *
     * @return the number of matching records.
     */
    public long count()
    {
        long count = 0;
        try (Journal journal = open(); JournalEntries entries = options.range().entries(journal))
        {
            JournalEntry entry;
            while ((entry = entries.next()) != null && !options.range().isPast(entry))
            {
                count += options.range().matches(entry) ? 1 : 0;
            }
        }
        return count;
    }

    /**
     * Runs the replay. A replay that writes ends by syncing the file systems it wrote to, so that what it reports
     * written survives a power loss right after (the kernel would otherwise write it back up to half a minute later,
     * and a file replaced by rename could be left empty).
     *
     * @param progress told how many matching records are done, now and then.
     * @param out      where a dry run prints what it would write, and every run the damaged records it skips and
     *                 the first records the Open Metadata rules refuse.
     * @return what it did.
     * @throws ZomException {@link ErrorCode#STORAGE} when a file system it wrote to reports that the sync failed.
     */
    public Summary run(final LongConsumer progress, final PrintWriter out)
    {
        refuseLiveRoots();
        if (options.dryRun())
        {
            return apply(progress, out, null);
        }
        final List<Path> roots = writeRoots();
        createInto();
        try (TreeSync treeSync = new TreeSync(roots))
        {
            final Summary summary = apply(progress, out, roots);
            treeSync.sync();
            return summary.asSynced();
        }
        catch (final IOException ex)
        {
            throw new ZomException(ErrorCode.STORAGE, "the replayed files are written but not known to be on the " +
                "disk: " + ex.getMessage(), ex);
        }
    }

    private Summary apply(final LongConsumer progress, final PrintWriter out, final List<Path> roots)
    {
        final long[] totals = new long[6];
        final Coalescer coalescer = new Coalescer();
        final ForeignClaims foreignClaims = roots == null ? null : new ForeignClaims(roots);
        try (Journal journal = open(); JournalEntries entries = options.range().entries(journal);
            WriteApplier applier = roots == null ? null : new WriteApplier(roots, false,
                new OverwrittenWrites(journal, JournalEntries.MAX_RECORD)))
        {
            final long firstIndex = journal.firstIndex();
            JournalEntry entry;
            while ((entry = entries.next()) != null && !options.range().isPast(entry))
            {
                totals[0] += entry.records();
                if (!entry.isSound())
                {
                    totals[4] += entry.damaged();
                    out.println("skipped damaged record at index " + entry.index() + ": " + entry.damage());
                    continue;
                }
                if (entry.index() == firstIndex)
                {
                    noteLateStart(entry, out);
                }
                if (!options.range().matches(entry))
                {
                    continue;
                }
                totals[1]++;
                if (coalescer.add(entry.location(), entry.metapath(), entries.record(), entries.recordLength(),
                    entry.index()))
                {
                    totals[3]++;
                }
                if (coalescer.size() >= BATCH)
                {
                    flush(coalescer, applier, foreignClaims, out, totals);
                    progress.accept(totals[1]);
                }
            }
            flush(coalescer, applier, foreignClaims, out, totals);
            progress.accept(totals[1]);
        }
        return new Summary(totals[0], totals[1], totals[2], totals[3], totals[4], totals[5], false);
    }

    /**
     * Says so when {@code --from} asks for records older than the journal's first: a replay from last month on a
     * journal that keeps a week would otherwise look like a whole one.
     */
    private void noteLateStart(final JournalEntry first, final PrintWriter out)
    {
        final JournalRange range = options.range();
        if (range.fromIndex() != Long.MIN_VALUE && first.index() > range.fromIndex() ||
            range.fromTime() != Long.MIN_VALUE && first.timeMillis() > range.fromTime())
        {
            out.println("note: the journal begins at index " + first.index() + " (" +
                Instant.ofEpochMilli(first.timeMillis()) + "), after --from: older writes are not in it (the broker " +
                "deletes cycles past its retention, zom.broker.journal.retention.hours)");
        }
    }

    private void flush(
        final Coalescer coalescer,
        final WriteApplier applier,
        final ForeignClaims foreignClaims,
        final PrintWriter out,
        final long[] totals)
    {
        if (options.dryRun())
        {
            for (final Coalescer.Entry entry : coalescer.entries())
            {
                printWouldWrite(entry.record(), out);
                totals[2]++;
            }
        }
        else
        {
            for (final Coalescer.Entry entry : coalescer.entries())
            {
                try
                {
                    final Path target = target(entry.record());
                    refuseForeignRoot(foreignClaims, target != null ? target : Path.of(entry.location()));
                    applier.apply(entry, target);
                    totals[2]++;
                }
                catch (final ZomException ex)
                {
                    if (ex.code() == ErrorCode.STORAGE || ex.code() == ErrorCode.STORAGE_SPACE)
                    {
                        throw ex;
                    }
                    if (totals[5]++ < REFUSALS_NAMED)
                    {
                        out.println("refused record at index " + entry.index() + " (" + entry.location() + " " +
                            entry.metapath() + "): " + ex.getMessage());
                    }
                }
            }
        }
        coalescer.clear();
    }

    private void printWouldWrite(final byte[] record, final PrintWriter out)
    {
        final RecordView view = new RecordView(record);
        out.println("would write " + (into == null ? view.location() : target(record)) + " " +
            view.metapath() + " = " + new String(JsonEncoder.toBytes(view.value()), StandardCharsets.US_ASCII));
    }

    /**
     * Refuses a location inside the root of a live broker: one whose root is inside the replayed roots, which
     * {@link #refuseLiveRoots} (looking up from each root) cannot see.
     */
    private static void refuseForeignRoot(final ForeignClaims foreignClaims, final Path location)
    {
        final String claimant = foreignClaims.claimant(location);
        if (claimant != null)
        {
            throw new ZomException(ErrorCode.UNAVAILABLE, "not written: it is inside the " + claimant);
        }
    }

    private Path target(final byte[] record)
    {
        if (into == null)
        {
            return null;
        }
        final String location = new RecordView(record).location();
        return into.resolve(location.substring(1)).normalize();
    }

    private List<Path> writeRoots()
    {
        if (into != null)
        {
            return List.of(into);
        }
        if (options.roots().isEmpty())
        {
            throw new ZomException(ErrorCode.BAD_LOCATION,
                "replaying in place needs the roots to write under (--root), or --into DIR");
        }
        return options.roots();
    }

    /**
     * Creates the folder a re-rooted replay writes into before anything is written there, so that the sync's
     * descriptor is open before the writes it must report a writeback failure of.
     */
    private void createInto()
    {
        if (into == null)
        {
            return;
        }
        try
        {
            Files.createDirectories(into);
        }
        catch (final IOException ex)
        {
            throw new ZomException(ErrorCode.STORAGE, "cannot create --into " + into + ": " + ex, ex);
        }
    }

    private void refuseLiveRoots()
    {
        if (options.dryRun())
        {
            return;
        }
        refuseTheJournalsBroker();
        for (final Path target : into == null ? options.roots() : List.of(into))
        {
            final String claimant = RootClaims.claimant(target);
            if (claimant != null)
            {
                throw new ZomException(ErrorCode.UNAVAILABLE, (into == null ? "root " : "--into ") + target +
                    " is under the " + claimant + "; stop it, or replay --into another folder");
            }
        }
    }

    private void refuseTheJournalsBroker()
    {
        final List<Path> live = BrokerLock.liveRoots(options.journal());
        if (live.isEmpty())
        {
            return;
        }
        if (into == null)
        {
            throw new ZomException(ErrorCode.UNAVAILABLE, "a live broker owns journal=" + options.journal() +
                " and writes roots=" + live + "; stop it, or replay --into another folder");
        }
        for (final Path root : live)
        {
            if (into.startsWith(root) || root.startsWith(into))
            {
                throw new ZomException(ErrorCode.UNAVAILABLE, "--into " + into + " overlaps the root " + root +
                    " of the live broker on journal=" + options.journal());
            }
        }
    }

    private Journal open()
    {
        return JournalEntries.openExisting(options.journal());
    }
}
