package dev.zom.journal;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes journal cycle files that every checkpoint has passed and whose retention has expired. The current
 * (last) cycle is never deleted, nor the cycle a checkpoint is in.
 *
 * <p><b>Design note:</b> Chronicle Queue never deletes cycles itself. A cycle file is named from its start time in
 * the roll cycle's format, so the file for a cycle is found by formatting, and a cycle's age is the time since its
 * end (the last modification of its file).
 */
final class Retention
{
    private static final String SUFFIX = ".cq4";

    private final SingleChronicleQueue queue;
    private final Duration retention;

    Retention(final SingleChronicleQueue queue, final Duration retention)
    {
        this.queue = queue;
        this.retention = retention;
    }

    int deleteExpired(final long lowestCheckpoint, final long nowMillis)
    {
        int deleted = 0;
        for (final File file : expired(lowestCheckpoint, nowMillis))
        {
            deleted += file.delete() ? 1 : 0;
        }
        if (deleted > 0)
        {
            queue.refreshDirectoryListing();
        }
        return deleted;
    }

    /**
     * The cycle files every checkpoint has passed whose retention has expired.
     */
    List<File> expired(final long lowestCheckpoint, final long nowMillis)
    {
        final List<File> expired = new ArrayList<>();
        if (lowestCheckpoint == Checkpoint.NONE || queue.lastIndex() < 0)
        {
            return expired;
        }
        final RollCycle rollCycle = queue.rollCycle();
        final int keepFrom = Math.min(rollCycle.toCycle(lowestCheckpoint), queue.lastCycle());
        final DateTimeFormatter format = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC);
        for (long cycle = queue.firstCycle(); cycle < keepFrom; cycle++)
        {
            final File file = new File(queue.file(),
                format.format(Instant.ofEpochMilli(cycle * rollCycle.lengthInMillis())) + SUFFIX);
            if (file.exists() && file.lastModified() + retention.toMillis() <= nowMillis)
            {
                expired.add(file);
            }
        }
        return expired;
    }
}
