package dev.zom.broker;

import dev.zom.protocol.JournalRecord;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a disk writer remembers of the locations and entries it cannot write yet: one record each, retried; where the
 * journal must be read again once one is written, and which records that reading again applies.
 */
class WaitingWritesTest
{
    private static final long NOW = 1_000_000L;

    @Test
    void aWrittenRetryShouldRereadFromTheEarliestOfThoseWrittenAndApplyOnlyTheirRecords()
    {
        final WaitingWrites waiting = new WaitingWrites();
        waiting.add("/show/a", entry("/show/a", 10), 9, NOW);
        waiting.add("/show/b", entry("/show/b", 20), 5, NOW);
        waiting.add("/show/c", entry("/show/c", 30), 25, NOW);
        assertThat(waiting.safeCheckpoint()).isEqualTo(5);
        assertThat(waiting.isWaiting("/show/b", "/show/b\u0000x")).isTrue();
        assertThat(waiting.isWaiting("/show/d", "/show/d\u0000x")).isFalse();

        final Set<Long> tried = new HashSet<>();
        final long rereadAfter = waiting.retry(entry -> tried.add(entry.index()) && entry.index() != 20, 100,
            NOW + 10);
        assertThat(tried).containsExactlyInAnyOrder(10L, 20L, 30L);
        assertThat(rereadAfter).as("the earliest of a and c").isEqualTo(9);
        assertThat(waiting.size()).isEqualTo(1);
        assertThat(waiting.safeCheckpoint()).as("b still waits").isEqualTo(5);
        assertThat(waiting.retryDue(NOW + 20)).as("no retry while reading again").isFalse();

        assertThat(waiting.waitingAfter()).as("what reads must scan for, until read again")
            .isEqualTo(Map.of("/show/a", 9L, "/show/b", 5L, "/show/c", 25L));
        assertThat(waiting.rereading(50)).isTrue();
        assertThat(waiting.isRereading("/show/a", "/show/a\u0000x")).isTrue();
        assertThat(waiting.isRereading("/show/c", "/show/c\u0000x")).isTrue();
        assertThat(waiting.isRereading("/show/b", "/show/b\u0000x")).isFalse();
        assertThat(waiting.isRereading("/show/d", "/show/d\u0000x")).isFalse();
        waiting.readUpTo(99);
        assertThat(waiting.rereading(100)).as("the last record read before").isTrue();
        assertThat(waiting.rereading(101)).as("past where the writer had read").isFalse();
        waiting.readUpTo(100);
        assertThat(waiting.rereading(100)).isFalse();
        assertThat(waiting.waitingAfter()).isEqualTo(Map.of("/show/b", 5L));
        assertThat(waiting.retryDue(NOW + 20)).isTrue();
    }

    @Test
    void aRetryThatWritesNothingShouldRereadNothingAndWaitForItsTime()
    {
        final WaitingWrites waiting = new WaitingWrites();
        assertThat(waiting.retryDue(NOW)).as("nothing waits").isFalse();
        waiting.add("/show/a\u0000status", entry("/show/a", 10), 9, NOW);
        assertThat(waiting.retryDue(NOW - 1)).isFalse();
        assertThat(waiting.retryDue(NOW)).isTrue();
        assertThat(waiting.retry(entry -> false, 100, NOW + 10)).isEqualTo(WaitingWrites.NOTHING_TO_REREAD);
        assertThat(waiting.rereading(50)).isFalse();
        assertThat(waiting.retryDue(NOW + 9)).isFalse();
        assertThat(waiting.isWaiting("/show/a", "/show/a\u0000status")).as("the entry waits").isTrue();
        assertThat(waiting.isWaiting("/show/a", "/show/a\u0000other")).as("not the rest of its location").isFalse();
    }

    @Test
    void newFailuresShouldNotPutOffTheRetryOfThoseWaitingAlready()
    {
        final WaitingWrites waiting = new WaitingWrites();
        waiting.add("/show/a", entry("/show/a", 10), 9, NOW);
        waiting.add("/show/b", entry("/show/b", 20), 19, NOW + 400);
        waiting.add("/show/c", entry("/show/c", 30), 29, NOW + 800);
        assertThat(waiting.retryDue(NOW)).isTrue();
    }

    @Test
    void aLocationFailingAgainWhileReadAgainShouldWaitAgainFromWhereItFailed()
    {
        final WaitingWrites waiting = new WaitingWrites();
        waiting.add("/show/a", entry("/show/a", 10), 9, NOW);
        assertThat(waiting.retry(entry -> true, 100, NOW)).isEqualTo(9);
        waiting.add("/show/a", entry("/show/a", 40), 39, NOW);
        assertThat(waiting.isRereading("/show/a", "/show/a\u0000x")).isFalse();
        assertThat(waiting.isWaiting("/show/a", "/show/a\u0000x")).isTrue();
        assertThat(waiting.safeCheckpoint()).isEqualTo(39);
    }

    private static Coalescer.Entry entry(final String location, final long index)
    {
        final Coalescer coalescer = new Coalescer();
        final byte[] record = TestRecords.record(location, 1, "status", "v", JournalRecord.DECISION_APPLY, -1);
        coalescer.add(location, "status", record, record.length, index);
        return coalescer.entries().iterator().next();
    }
}
