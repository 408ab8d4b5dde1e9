package dev.zom.broker;

import dev.zom.Allocations;
import dev.zom.protocol.JournalRecord;
import org.junit.jupiter.api.Test;

import java.util.Iterator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a batch of journal records holds in memory once coalesced: the last write of each entry, in the journal order
 * of those last writes, plus the values that lost a conflict to it (kept for history), whose bytes count towards the
 * batch's byte limit; rewriting entries it already keeps allocates nothing (the JVM's per-thread counter).
 */
class CoalescerTest
{
    private static final String LOCATION = "/show/shot";

    @Test
    void repeatedPlainWritesShouldHoldOnlyTheLastOne()
    {
        final Coalescer coalescer = new Coalescer();
        final byte[] first = record(1, "status", "a", JournalRecord.DECISION_APPLY, -1);
        final byte[] last = record(1, "status", "bbbbbbbb", JournalRecord.DECISION_APPLY, -1);
        coalescer.add(LOCATION, "status", first, first.length, 10);
        assertThat(coalescer.add(LOCATION, "status", last, last.length, 11)).isTrue();
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
        coalescer.add(LOCATION, "status", first, first.length, 10);
        coalescer.add(LOCATION, "status", second, second.length, 11);
        coalescer.add(LOCATION, "status", third, third.length, 12);
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
        coalescer.add(LOCATION, "status", first, first.length, 10);
        coalescer.add(LOCATION, "status", second, second.length, 11);
        assertThat(coalescer.entries().iterator().next().record()).isEqualTo(second);
        coalescer.add(LOCATION, "status", third, third.length, 12);
        coalescer.add(LOCATION, "status", fourth, fourth.length, 13);
        final Coalescer.Entry kept = coalescer.entries().iterator().next();
        assertThat(kept.record()).isEqualTo(fourth);
        assertThat(kept.index()).isEqualTo(13);
        assertThat(kept.losers()).hasSize(1);
        assertThat(kept.losers().get(0).record()).as("the loser kept for history").isEqualTo(second);
        assertThat(coalescer.bytes()).isEqualTo(second.length + fourth.length);
    }

    @Test
    void keptRecordsShouldBeInTheJournalOrderOfTheirLastWrite()
    {
        final Coalescer coalescer = new Coalescer();
        final byte[] a1 = record(1, "a", "1", JournalRecord.DECISION_APPLY, -1);
        final byte[] b1 = record(1, "b", "1", JournalRecord.DECISION_APPLY, -1);
        final byte[] c1 = record(1, "c", "1", JournalRecord.DECISION_APPLY, -1);
        final byte[] a2 = record(1, "a", "22", JournalRecord.DECISION_APPLY, -1);
        final byte[] upperB = record(1, "B", "3", JournalRecord.DECISION_APPLY, -1);
        coalescer.add(LOCATION, "a", a1, a1.length, 10);
        coalescer.add(LOCATION, "b", b1, b1.length, 11);
        coalescer.add(LOCATION, "c", c1, c1.length, 12);
        coalescer.add(LOCATION, "a", a2, a2.length, 13);
        coalescer.add(LOCATION, "B", upperB, upperB.length, 14);
        assertThat(coalescer.entries()).extracting(Coalescer.Entry::index).containsExactly(11L, 12L, 13L, 14L);
        assertThat(coalescer.entries()).extracting(Coalescer.Entry::metapath).containsExactly("b", "c", "a", "B");
        assertThat(coalescer.bytes()).isEqualTo(b1.length + c1.length + a2.length + upperB.length);

        final Iterator<Coalescer.Entry> walk = coalescer.entries().iterator();
        walk.next();
        walk.remove();
        assertThat(coalescer.size()).isEqualTo(3);
        assertThat(coalescer.bytes()).isEqualTo(c1.length + a2.length + upperB.length);
        coalescer.add(LOCATION, "c", c1, c1.length, 15);
        assertThat(coalescer.entries()).extracting(Coalescer.Entry::index).containsExactly(13L, 14L, 15L);
    }

    @Test
    void aRecordKeptFromAnotherCoalescerShouldNotChangeWithIt()
    {
        final Coalescer batch = new Coalescer();
        final Coalescer waiting = new Coalescer();
        final byte[] first = record(1, "status", "a", JournalRecord.DECISION_APPLY, -1);
        final byte[] second = record(1, "status", "b", JournalRecord.DECISION_APPLY, -1);
        batch.add(LOCATION, "status", first, first.length, 10);
        assertThat(waiting.keepFrom(batch.entries().iterator().next())).isFalse();
        batch.add(LOCATION, "status", second, second.length, 11);
        final Coalescer.Entry kept = waiting.entries().iterator().next();
        assertThat(kept.record()).isEqualTo(first);
        assertThat(kept.index()).isEqualTo(10);
        assertThat(waiting.keepFrom(batch.entries().iterator().next())).isTrue();
        assertThat(waiting.entries()).extracting(Coalescer.Entry::index).containsExactly(11L);
    }

    @Test
    void rewritingEntriesAlreadyKeptShouldAllocateNothing()
    {
        final Coalescer coalescer = new Coalescer();
        final int entries = 1000;
        final byte[][] records = new byte[entries][];
        final String[] metapaths = new String[entries];
        final String[] keys = new String[entries];
        for (int i = 0; i < entries; i++)
        {
            metapaths[i] = "e" + i;
            keys[i] = EntryKey.of(LOCATION, metapaths[i]);
            records[i] = record(1, metapaths[i], "v".repeat(100), JournalRecord.DECISION_APPLY, -1);
        }
        rewrite(coalescer, records, metapaths, keys, 0, 200_000);
        final long allocated =
            Allocations.bytesAllocatedBy(() -> rewrite(coalescer, records, metapaths, keys, 200_000, 100_000));
        assertThat(allocated).as("bytes allocated for 100,000 records").isLessThan(1024);
        assertThat(coalescer.size()).isEqualTo(entries);
        assertThat(coalescer.entries().iterator().next().index()).isEqualTo(300_000 - entries);
    }

    private static void rewrite(
        final Coalescer coalescer, final byte[][] records, final String[] metapaths, final String[] keys,
        final int from, final int count)
    {
        for (int i = from; i < from + count; i++)
        {
            final int e = i % records.length;
            coalescer.add(LOCATION, metapaths[e], keys[e], records[e], records[e].length, i);
        }
    }

    private static byte[] record(
        final long client, final String metapath, final String value, final byte decision, final long otherIndex)
    {
        return TestRecords.record(LOCATION, client, metapath, value, decision, otherIndex);
    }
}
