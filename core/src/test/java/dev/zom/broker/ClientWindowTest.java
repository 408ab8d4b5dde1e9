package dev.zom.broker;

import dev.zom.journal.Checkpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientWindowTest
{
    private static final int WINDOW = 1024;

    @Test
    void aClientThatWritesOnceShouldCostAFewSlotsNotAWholeWindow()
    {
        final RetryWindows.ClientWindow window = new RetryWindows.ClientWindow(7, WINDOW);
        window.put(1, 100);
        assertThat(window.size()).isEqualTo(RetryWindows.ClientWindow.FIRST_SIZE);
        assertThat(window.indexOf(1)).isEqualTo(100);
    }

    @Test
    void consecutiveSequencesShouldKeepExactlyTheLastWindowOfThem()
    {
        final RetryWindows.ClientWindow window = new RetryWindows.ClientWindow(7, WINDOW);
        final int newest = 3 * WINDOW + 17;
        for (int sequence = 1; sequence <= newest; sequence++)
        {
            window.put(sequence, 10_000 + sequence);
        }
        for (int sequence = newest - WINDOW + 1; sequence <= newest; sequence++)
        {
            assertThat(window.indexOf(sequence)).as("sequence %d", sequence).isEqualTo(10_000 + sequence);
        }
        assertThat(window.indexOf(newest - WINDOW)).isEqualTo(Checkpoint.NONE);
        assertThat(window.size()).isEqualTo(WINDOW);
    }

    @Test
    void sparseSequencesShouldKeepEveryOneWithinAWindowOfTheNewest()
    {
        final RetryWindows.ClientWindow window = new RetryWindows.ClientWindow(7, WINDOW);
        for (long sequence = 5; sequence <= 5 + 100L * 40; sequence += 100)
        {
            window.put(sequence, sequence * 2);
        }
        final long newest = 5 + 100L * 40;
        for (long sequence = newest; newest - sequence < WINDOW; sequence -= 100)
        {
            assertThat(window.indexOf(sequence)).as("sequence %d", sequence).isEqualTo(sequence * 2);
        }
        assertThat(window.size()).as("slots for the 11 sequences within a window").isLessThan(WINDOW);
    }

    @Test
    void aRetryOfAnOlderSequenceShouldNotPushOutANewerOneWithinTheWindow()
    {
        final RetryWindows.ClientWindow window = new RetryWindows.ClientWindow(7, WINDOW);
        window.put(9, 90);
        window.put(5, 50);
        window.put(1, 10);
        assertThat(window.indexOf(9)).isEqualTo(90);
        assertThat(window.indexOf(5)).isEqualTo(50);
        assertThat(window.indexOf(1)).isEqualTo(10);
    }
}
