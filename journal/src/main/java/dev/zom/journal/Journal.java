package dev.zom.journal;

import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A durable, append-only journal of opaque records over Chronicle Queue: one appender (on one thread), any number
 * of readers, named checkpoints and the retention of old cycles. The journal is the source of truth: a record is
 * acknowledged only once it is here, and everything applied to a tree is read back from here.
 *
 * <p>Thread-safety: {@link #appender()} and {@link #reader()} give objects owned by the thread that created them;
 * the rest is thread-safe.
 */
public final class Journal implements AutoCloseable
{
    private final Context context;
    private final SingleChronicleQueue queue;
    private final Checkpoints checkpoints;
    private final JournalSyncer syncer;
    private final String repaired;
    private final JournalClock clock;
    /** The index of the last record this process appended ({@link JournalReader} compares it with what it finds). */
    private final AtomicLong appendedHere = new AtomicLong(Checkpoint.NONE);
    private volatile boolean closed;

    private Journal(final Context context, final LongSupplier wallClock)
    {
        this.context = context;
        this.clock = new JournalClock(wallClock);
        this.queue = SingleChronicleQueueBuilder.single(context.directory().toFile())
            .rollCycle(context.rollCycle())
            .timeProvider(clock)
            .syncMode(SyncMode.NONE)
            .build();
        this.syncer = new JournalSyncer(context.directory());
        try
        {
            clock.follow(queue.rollCycle().lengthInMillis(), queue.lastCycle());
            this.repaired = context.recordLength() == null ? null :
                NewestRecordRepair.restore(queue, context.recordLength(), context.maxRecordLength());
            final List<File> cycles = cycleFiles();
            if (!cycles.isEmpty())
            {
                syncer.appendingTo(cycles.get(cycles.size() - 1));
            }
            this.checkpoints = new Checkpoints(context.directory().resolve("checkpoints"));
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
    }

    /**
     * Whether a folder holds a journal (its queue's metadata file), so that a tool pointed at the wrong folder can say
     * so instead of creating an empty journal there.
     *
     * @param directory a folder.
     * @return true when a journal was opened there before.
     */
    public static boolean existsIn(final Path directory)
    {
        return Files.isRegularFile(directory.resolve(SingleChronicleQueue.QUEUE_METADATA_FILE));
    }

    /**
     * Opens (or creates) the journal in the context's directory.
     *
     * @param context the configuration; concluded here.
     * @return the open journal.
     */
    public static Journal open(final Context context)
    {
        return open(context, System::currentTimeMillis);
    }

    /**
     * Opens (or creates) the journal with a wall clock of the caller's, for tests that set the clock back.
     */
    static Journal open(final Context context, final LongSupplier wallClock)
    {
        return new Journal(context.conclude(), wallClock);
    }

    /**
     * The configuration this journal was opened with.
     *
     * @return the context.
     */
    public Context context()
    {
        return context;
    }

    /**
     * What opening the journal repaired (see {@link Context#recordLength}), for the log.
     *
     * @return a sentence, or null when nothing was.
     */
    public String repaired()
    {
        return repaired;
    }

    /**
     * Whether the wall clock is behind the start of the journal's newest cycle (set back, or a host started with a
     * stale clock), for the log. The journal then appends to that cycle until the clock passes it, so that indices
     * only grow (see {@link JournalClock}).
     *
     * @return a sentence, or null when the clock is not behind.
     */
    public String clockBehind()
    {
        final long behind = clockBehindMillis();
        return behind == 0 ? null : "the wall clock (" + Instant.ofEpochMilli(clock.newestCycleStart() - behind)
            .truncatedTo(ChronoUnit.SECONDS) + ") is behind the start of the journal's newest cycle (" +
            Instant.ofEpochMilli(clock.newestCycleStart()) + "); writes go on into that cycle until the clock " +
            "reaches it (was the clock set back?)";
    }

    /**
     * How far the wall clock is behind the start of the journal's newest cycle (see {@link #clockBehind()}).
     *
     * @return milliseconds, 0 when it is not behind.
     */
    public long clockBehindMillis()
    {
        return clock.wallClockBehindMillis();
    }

    /**
     * A new appender. Create it on the thread that appends; only one thread may append at a time.
     *
     * @return the appender.
     */
    public JournalAppender appender()
    {
        return new JournalAppender(queue.createAppender(), context.durability(), syncer, appendedHere);
    }

    /**
     * The journal's syncer: forces what its appender wrote to the disk, from any thread.
     *
     * @return the syncer.
     */
    public JournalSyncer syncer()
    {
        return syncer;
    }

    /**
     * A new reader positioned at the start. Create it on the thread that reads.
     *
     * @return the reader.
     */
    public JournalReader reader()
    {
        return new JournalReader(queue, appendedHere);
    }

    /**
     * The named checkpoint, created at {@link Checkpoint#NONE} if new. Calls with the same name share one file.
     *
     * @param name a name made of letters, digits, '-' and '_'.
     * @return the checkpoint.
     */
    public Checkpoint checkpoint(final String name)
    {
        return checkpoints.get(name);
    }

    /**
     * Deletes a checkpoint whose owner is gone for good, so that it no longer holds retention back. The checkpoints
     * created before it are made durable first.
     *
     * @param name the checkpoint's name.
     */
    public void removeCheckpoint(final String name)
    {
        checkpoints.remove(name);
    }

    /**
     * The index of the last record appended, or {@link Checkpoint#NONE} when the journal is empty.
     *
     * @return the last index.
     */
    public long lastIndex()
    {
        final long last = queue.lastIndex();
        return last < 0 ? Checkpoint.NONE : last;
    }

    /**
     * The index of the first record still in the journal, or {@link Checkpoint#NONE} when it is empty.
     *
     * @return the first index.
     */
    public long firstIndex()
    {
        final long first = queue.firstIndex();
        return first == Long.MAX_VALUE || first < 0 ? Checkpoint.NONE : first;
    }

    /**
     * Deletes cycle files that every given checkpoint has passed and that are older than the retention.
     *
     * @param nowMillis the current time.
     * @return how many cycle files were deleted.
     */
    public int deleteExpiredCycles(final long nowMillis)
    {
        return new Retention(queue, context.retention()).deleteExpired(checkpoints.lowest(), nowMillis);
    }

    /**
     * Every checkpoint and the index it has passed.
     *
     * @return checkpoint name to index, sorted by name.
     */
    public Map<String, Long> checkpoints()
    {
        return checkpoints.snapshot();
    }

    /**
     * The cycle files that {@link #deleteExpiredCycles} would delete now.
     *
     * @param nowMillis the current time.
     * @return the files.
     */
    public List<File> expiredCycles(final long nowMillis)
    {
        return new Retention(queue, context.retention()).expired(checkpoints.lowest(), nowMillis);
    }

    /**
     * The journal's cycle files, oldest first.
     *
     * @return the files.
     */
    public List<File> cycleFiles()
    {
        final File[] files = context.directory().toFile().listFiles((dir, name) -> name.endsWith(".cq4"));
        final List<File> sorted = new ArrayList<>(files == null ? List.of() : List.of(files));
        sorted.sort(Comparator.comparing(File::getName));
        return sorted;
    }

    /**
     * The directory that holds the journal's files.
     *
     * @return the directory.
     */
    public Path directory()
    {
        return context.directory();
    }

    /**
     * The underlying queue's roll cycle.
     *
     * @return the roll cycle.
     */
    public RollCycle rollCycle()
    {
        return queue.rollCycle();
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            checkpoints.close();
            queue.close();
            syncer.close();
        }
    }

    /**
     * The journal's configuration; setters are fluent, {@link #conclude()} validates once.
     */
    public static final class Context
    {
        private Path directory;
        private DurabilityMode durability = DurabilityMode.BATCH;
        private RollCycle rollCycle = LargeRollCycles.LARGE_DAILY;
        private Duration retention = Duration.ofDays(7);
        private RecordLength recordLength;
        private int maxRecordLength;

        /**
         * Checks the settings.
         *
         * @return this context.
         * @throws IllegalArgumentException naming the invalid setting.
         */
        public Context conclude()
        {
            Objects.requireNonNull(directory, "journal directory");
            if (retention.isNegative())
            {
                throw new IllegalArgumentException("invalid retention=" + retention);
            }
            if (recordLength != null && maxRecordLength <= 0)
            {
                throw new IllegalArgumentException("invalid maxRecordLength=" + maxRecordLength);
            }
            return this;
        }

        /**
         * The directory for the journal's files.
         *
         * @param directory a directory, created when missing.
         * @return this context.
         */
        public Context directory(final Path directory)
        {
            this.directory = directory;
            return this;
        }

        /**
         * The directory for the journal's files.
         *
         * @return the directory.
         */
        public Path directory()
        {
            return directory;
        }

        /**
         * When an append counts as durable; default {@link DurabilityMode#BATCH}.
         *
         * @param durability the mode.
         * @return this context.
         */
        public Context durability(final DurabilityMode durability)
        {
            this.durability = Objects.requireNonNull(durability);
            return this;
        }

        /**
         * When an append counts as durable.
         *
         * @return the mode.
         */
        public DurabilityMode durability()
        {
            return durability;
        }

        /**
         * How often a new cycle file starts; default {@code LARGE_DAILY} (2^37 records a day). An existing
         * journal keeps the cycle it was created with.
         *
         * @param rollCycle the roll cycle.
         * @return this context.
         */
        public Context rollCycle(final RollCycle rollCycle)
        {
            this.rollCycle = Objects.requireNonNull(rollCycle);
            return this;
        }

        /**
         * How often a new cycle file starts.
         *
         * @return the roll cycle.
         */
        public RollCycle rollCycle()
        {
            return rollCycle;
        }

        /**
         * How long a cycle file is kept after every checkpoint passed it; default 7 days.
         *
         * @param retention the retention.
         * @return this context.
         */
        public Context retention(final Duration retention)
        {
            this.retention = Objects.requireNonNull(retention);
            return this;
        }

        /**
         * How long a cycle file is kept after every checkpoint passed it.
         *
         * @return the retention.
         */
        public Duration retention()
        {
            return retention;
        }

        /**
         * How a record's bytes give its length, and the longest record there can be. When set, opening the journal
         * checks the length Chronicle keeps in front of the newest record and restores it when damaged, before
         * anything is appended after it (see {@link Journal#repaired()}); for the process that appends. Left unset (the
         * default), opening the journal changes nothing in it, as the tools need.
         *
         * @param recordLength the length a record's bytes give.
         * @param maxLength    the longest record there can be, in bytes.
         * @return this context.
         */
        public Context recordLength(final RecordLength recordLength, final int maxLength)
        {
            this.recordLength = Objects.requireNonNull(recordLength);
            this.maxRecordLength = maxLength;
            return this;
        }

        /**
         * How a record's bytes give its length.
         *
         * @return the measure, or null when opening the journal checks nothing.
         */
        public RecordLength recordLength()
        {
            return recordLength;
        }

        /**
         * The longest record there can be.
         *
         * @return bytes; 0 when {@link #recordLength()} is unset.
         */
        public int maxRecordLength()
        {
            return maxRecordLength;
        }

        @Override
        public String toString()
        {
            return "Journal.Context{directory=" + directory + ", durability=" + durability + ", rollCycle=" +
                rollCycle + ", retention=" + retention + "}";
        }
    }
}
