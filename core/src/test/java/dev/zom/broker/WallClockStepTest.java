package dev.zom.broker;

import dev.zom.journal.Journal;
import dev.zom.protocol.JournalRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conflict window is measured on a clock that setting the wall clock does not move. When the wall clock stepped
 * back an hour (NTP correcting it, a virtual machine resumed), every write to an entry written in the hour before
 * counted as inside the window of the write standing there: kept in history as an overwrite, or, from a lower
 * priority, superseded and never applied.
 */
class WallClockStepTest
{
    private static final int CONFLICT_WINDOW_MILLIS = 100;

    @TempDir
    Path dir;

    @Test
    void aWallClockSteppingBackShouldNotPutLaterWritesInsideTheWindow() throws Exception
    {
        final long[] wallClock = {1_800_000_000_000L};
        try (Journal journal = Journal.open(new Journal.Context().directory(dir.resolve("journal"))))
        {
            final JournalHandler handler = new JournalHandler(journal,
                new Arbiter(new RetryWindows(16, 1024), CONFLICT_WINDOW_MILLIS, Short.MAX_VALUE, 1024, false),
                new Counters(), () -> wallClock[0], new AtomicLong(-1),
                new JournalSpace(dir, 0, new ErrorLog(System.err)));
            handler.onStart();
            final HandlerWrites writes = new HandlerWrites(dir + "/data/shot");
            assertThat(writes.write(handler, 1, (short)5, true).decision).isEqualTo(JournalRecord.DECISION_APPLY);
            assertThat(writes.write(handler, 2, (short)0, true).decision)
                .as("inside the window, below the standing priority").isEqualTo(JournalRecord.DECISION_SUPERSEDED);
            Thread.sleep(2L * CONFLICT_WINDOW_MILLIS);
            wallClock[0] -= TimeUnit.HOURS.toMillis(1);
            assertThat(writes.write(handler, 2, (short)0, true).decision)
                .as("past the window, the wall clock an hour back").isEqualTo(JournalRecord.DECISION_APPLY);
            assertThat(writes.write(handler, 3, (short)0, true).decision).as("inside the window again")
                .isEqualTo(JournalRecord.DECISION_OVERWROTE);
            handler.onShutdown();
        }
    }
}
