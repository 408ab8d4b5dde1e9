package dev.zom.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wall clock set back across the start of a cycle (a host booted with a stale clock, a mistyped date put right)
 * does not make the journal append into an earlier cycle. Chronicle did: the records got indices lower than those
 * acknowledged before them, a reader past those never read them, and retention would delete their cycle; or, into a
 * cycle it had already ended, the append failed ({@code WriteAfterEOFException}).
 */
@Timeout(60)
class ClockSetBackTest
{
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long TODAY = 20_423 * DAY;
    private static final int LENGTH = 32;

    @TempDir
    Path dir;

    private final AtomicLong wallClock = new AtomicLong(TODAY - DAY + 3_600_000);
    private final byte[] record = new byte[LENGTH];

    @Test
    void appendsWithTheClockSetBackShouldFollowEveryRecordBeforeThem()
    {
        final List<Long> indices = new ArrayList<>();
        final Journal.Context context = new Journal.Context().directory(dir.resolve("journal"));
        try (Journal journal = Journal.open(context, wallClock::get);
            JournalAppender appender = journal.appender())
        {
            indices.add(appender.append(record, 0, LENGTH));
            wallClock.set(TODAY + 3_600_000);
            indices.add(appender.append(record, 0, LENGTH));
            wallClock.set(TODAY - DAY + 7_200_000);
            indices.add(appender.append(record, 0, LENGTH));
            assertThat(journal.clockBehind()).as("said while the clock is behind")
                .contains("behind the start of the journal's newest cycle");
            wallClock.set(TODAY - 2 * DAY);
            indices.add(appender.append(record, 0, LENGTH));
        }
        try (Journal journal = Journal.open(context, wallClock::get);
            JournalAppender appender = journal.appender())
        {
            assertThat(journal.clockBehind()).as("said by a journal opened with the clock behind").isNotNull();
            indices.add(appender.append(record, 0, LENGTH));
            wallClock.set(TODAY + DAY + 60_000);
            indices.add(appender.append(record, 0, LENGTH));
            assertThat(journal.clockBehind()).as("once the clock passes the newest cycle").isNull();
            assertThat(readAll(journal)).as("every record, in the order appended").isEqualTo(indices);
        }
        assertThat(indices).as("indices only grow").isSorted().doesNotHaveDuplicates();
        final long today = TODAY / DAY;
        assertThat(cycles(indices)).as("cycles of the records")
            .containsExactly(today - 1, today, today, today, today, today + 1);
    }

    private static List<Long> readAll(final Journal journal)
    {
        final List<Long> read = new ArrayList<>();
        final byte[] dst = new byte[1024];
        try (JournalReader reader = journal.reader().startAfter(Checkpoint.NONE))
        {
            while (reader.nextUntilEnd(dst) == LENGTH)
            {
                read.add(reader.lastIndex());
            }
        }
        return read;
    }

    private List<Long> cycles(final List<Long> indices)
    {
        try (Journal journal = Journal.open(new Journal.Context().directory(dir.resolve("journal")), wallClock::get))
        {
            return indices.stream().map(index -> (long)journal.rollCycle().toCycle(index)).toList();
        }
    }
}
