package dev.zom.broker;

import dev.zom.format.Value;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a batch of journal records holds in memory once coalesced: the last write of each entry, plus the values
 * that lost a conflict to it (kept for history), whose bytes count towards the batch's byte limit.
 */
class CoalescerTest
{
    private static final String LOCATION = "/show/shot";

    private final RequestEncoder encoder = new RequestEncoder();
    private final CRC32C crc = new CRC32C();

    @Test
    void repeatedPlainWritesShouldHoldOnlyTheLastOne()
    {
        final Coalescer coalescer = new Coalescer();
        final byte[] first = record(1, "status", "a", JournalRecord.DECISION_APPLY, -1);
        final byte[] last = record(1, "status", "bbbbbbbb", JournalRecord.DECISION_APPLY, -1);
        coalescer.add(LOCATION, "status", first, first.length, 10, 9);
        assertThat(coalescer.add(LOCATION, "status", last, last.length, 11, 10)).isTrue();
        assertThat(coalescer.size()).isEqualTo(1);
        assertThat(coalescer.bytes()).isEqualTo(last.length);
    }

    @Test
    void theLosersOfConflictsShouldCountTowardsTheBytesHeld()
    {
        final Coalescer coalescer = new Coalescer();
        final byte[] first = record(1, "status", "a", JournalRecord.DECISION_APPLY, -1);
        final byte[] second = record(2, "status", "bb", JournalRecord.DECISION_OVERWROTE, 10);
        final byte[] third = record(1, "status", "ccc", JournalRecord.DECISION_OVERWROTE, 11);
        coalescer.add(LOCATION, "status", first, first.length, 10, 9);
        coalescer.add(LOCATION, "status", second, second.length, 11, 10);
        coalescer.add(LOCATION, "status", third, third.length, 12, 11);
        assertThat(coalescer.size()).isEqualTo(1);
        final Coalescer.Entry kept = coalescer.entries().iterator().next();
        assertThat(kept.losers()).hasSize(2);
        assertThat(kept.losers().get(0).record()).isEqualTo(first);
        assertThat(kept.losers().get(1).record()).isEqualTo(second);
        assertThat(coalescer.bytes()).isEqualTo(first.length + second.length + third.length);
        coalescer.clear();
        assertThat(coalescer.bytes()).isZero();
    }

    @Test
    void aRecordWrittenOverAnotherShouldKeepItsOwnBytesAndLeaveTheLosersAlone()
    {
        final Coalescer coalescer = new Coalescer();
        final byte[] first = record(1, "status", "a", JournalRecord.DECISION_APPLY, -1);
        final byte[] second = record(1, "status", "b", JournalRecord.DECISION_APPLY, -1);
        final byte[] third = record(2, "status", "c", JournalRecord.DECISION_OVERWROTE, 11);
        final byte[] fourth = record(2, "status", "d", JournalRecord.DECISION_APPLY, -1);
        coalescer.add(LOCATION, "status", first, first.length, 10, 9);
        coalescer.add(LOCATION, "status", second, second.length, 11, 10);
        assertThat(coalescer.entries().iterator().next().record()).isEqualTo(second);
        coalescer.add(LOCATION, "status", third, third.length, 12, 11);
        coalescer.add(LOCATION, "status", fourth, fourth.length, 13, 12);
        final Coalescer.Entry kept = coalescer.entries().iterator().next();
        assertThat(kept.record()).isEqualTo(fourth);
        assertThat(kept.index()).isEqualTo(13);
        assertThat(kept.losers()).hasSize(1);
        assertThat(kept.losers().get(0).record()).as("the loser kept for history").isEqualTo(second);
        assertThat(coalescer.bytes()).isEqualTo(second.length + fourth.length);
    }

    private byte[] record(
        final long client, final String metapath, final String value, final byte decision, final long otherIndex)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final int length = encoder.encode(buffer, JournalRecord.HEADER_LENGTH, Protocol.OP_WRITE, client, 1,
            (short)0, LOCATION, metapath, Value.of(value));
        JournalRecord.putHeader(buffer.byteArray(), buffer, length, decision, 1_000, otherIndex,
            otherIndex < 0 ? 0 : 3 - client, crc);
        return Arrays.copyOf(buffer.byteArray(), JournalRecord.HEADER_LENGTH + length);
    }
}
