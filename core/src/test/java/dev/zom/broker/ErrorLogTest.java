package dev.zom.broker;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker's error log prints a repeated message once per interval with its count, and stays bounded however
 * many distinct messages come: what it forgets it prints first.
 */
class ErrorLogTest
{
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ErrorLog log = new ErrorLog(new PrintStream(printed, true, StandardCharsets.UTF_8), now::get);

    @Test
    void aRepeatedMessageShouldBePrintedOncePerIntervalWithItsCount()
    {
        for (int i = 0; i < 1000; i++)
        {
            log.log("zom-writer", "storage failure");
        }
        now.addAndGet(ErrorLog.INTERVAL_MILLIS);
        log.log("zom-writer", "storage failure");
        assertThat(lines()).containsExactly("zom: zom-writer: storage failure",
            "zom: zom-writer: storage failure (x1000)");
        assertThat(log.distinct()).isEqualTo(1);
    }

    @Test
    void aMessageShouldBePrintedAtOnceWhateverTheClockReads()
    {
        now.set(-5 * ErrorLog.INTERVAL_MILLIS);
        log.log("zom-writer", "storage failure");
        now.set(3);
        log.log("zom-journal", "the wall clock is behind");
        assertThat(lines()).as("a monotonic clock reads from any origin, below zero too")
            .containsExactly("zom: zom-writer: storage failure", "zom: zom-journal: the wall clock is behind");
    }

    @Test
    void distinctMessagesShouldNotGrowTheLogWithoutBound()
    {
        final int messages = 20 * ErrorLog.MAX_KEPT;
        for (int i = 0; i < messages; i++)
        {
            log.log("zom-writer", "skipped a journal record at index=" + i);
            log.log("zom-writer", "skipped a journal record at index=" + i);
            assertThat(log.kept()).isLessThanOrEqualTo(ErrorLog.MAX_KEPT);
        }
        assertThat(log.distinct()).isGreaterThanOrEqualTo(messages);
        assertThat(lines().stream().map(line -> line.replaceFirst(" \\(x\\d+\\)$", "")).distinct())
            .as("every message printed").hasSize(messages)
            .contains("zom: zom-writer: skipped a journal record at index=" + (messages - 1));
    }

    @Test
    void aQuietMessageForgottenToMakeRoomShouldPrintWhatItHeldBack()
    {
        log.log("zom-writer", "first");
        log.log("zom-writer", "first");
        log.log("zom-writer", "first");
        now.addAndGet(ErrorLog.INTERVAL_MILLIS);
        for (int i = 0; i < ErrorLog.MAX_KEPT; i++)
        {
            log.log("zom-ingress", "other " + i);
        }
        assertThat(lines()).contains("zom: zom-writer: first (x2)");
        assertThat(log.kept()).isLessThanOrEqualTo(ErrorLog.MAX_KEPT);
    }

    private List<String> lines()
    {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
