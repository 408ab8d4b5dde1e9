package dev.zom.client;

import dev.zom.Allocations;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writes a pipeline has in flight: found by sequence until answered, and, once the window has been filled
 * once, kept without allocating (slots reused, primitive keys), counted by the JVM's per-thread allocation counter.
 */
class InFlightWritesTest
{
    private static final int WINDOW = 256;

    @Test
    void aWriteShouldBeFoundBySequenceUntilRemoved()
    {
        final InFlightWrites writes = new InFlightWrites(4);
        final Value value = Value.of(7L);
        writes.add(41, "/show/shot", "status", value, (short)3, 100);
        final InFlightWrites.InFlightWrite write = writes.get(41);
        assertThat(write.location()).isEqualTo("/show/shot");
        assertThat(write.metapath()).isEqualTo("status");
        assertThat(write.value()).isSameAs(value);
        assertThat(write.priority()).isEqualTo((short)3);
        assertThat(write.sentAtNanos()).isEqualTo(100);
        assertThat(writes.get(42)).isNull();
        writes.remove(41);
        assertThat(writes.get(41)).isNull();
        assertThat(writes.isEmpty()).isTrue();
        assertThat(write.value()).as("a freed slot lets go of the caller's value").isNull();
    }

    @Test
    void aFullWindowTurningOverShouldAllocateNothing()
    {
        final InFlightWrites writes = new InFlightWrites(WINDOW);
        final Value value = Value.of("v".repeat(100));
        long sequence = 0;
        for (; sequence < WINDOW; sequence++)
        {
            writes.add(sequence, "/show/shot", "e", value, (short)0, sequence);
        }
        final long warm = turnOver(writes, value, sequence, 200_000);
        final long allocated = Allocations.bytesAllocatedBy(() -> turnOver(writes, value, warm, 100_000));
        assertThat(allocated).as("bytes allocated for 100,000 writes").isLessThan(1024);
        assertThat(writes.size()).isEqualTo(WINDOW);
    }

    private static long turnOver(final InFlightWrites writes, final Value value, final long from, final int count)
    {
        long sequence = from;
        for (int i = 0; i < count; i++, sequence++)
        {
            writes.remove(sequence - WINDOW);
            writes.add(sequence, "/show/shot", "e", value, (short)0, sequence);
        }
        return sequence;
    }
}
