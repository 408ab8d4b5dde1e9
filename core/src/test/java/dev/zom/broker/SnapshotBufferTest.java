package dev.zom.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dedup snapshot's buffer grows with the retry windows it saves; after a peak of clients is gone it is given
 * back, so a long-lived broker does not keep the peak's megabytes on its heap.
 */
class SnapshotBufferTest
{
    private static final int WINDOW = 1024;
    private static final long EXPIRY_MILLIS = 1000;

    @TempDir
    Path dir;

    @Test
    void theBufferShouldShrinkOnceThePeakOfClientsIsGone() throws Exception
    {
        final RetryWindows windows = new RetryWindows(WINDOW, 1024, Integer.MAX_VALUE, EXPIRY_MILLIS, 0);
        final DedupSnapshot snapshot = new DedupSnapshot(dir);
        long index = 0;
        for (long client = 1; client <= 200; client++)
        {
            for (long sequence = 1; sequence <= WINDOW; sequence++)
            {
                windows.journaled(client, sequence, index++, 0);
            }
        }
        snapshot.write(windows, index - 1, 200, WINDOW);
        assertThat(snapshot.bufferCapacity()).as("200 full windows").isGreaterThan(200 * WINDOW * 16);

        windows.journaled(1_000, 1, index, 10 * EXPIRY_MILLIS);
        assertThat(windows.expire(10 * EXPIRY_MILLIS)).isEqualTo(200);
        snapshot.write(windows, index, 1_000, 1);
        assertThat(snapshot.bufferCapacity()).as("one client left").isLessThanOrEqualTo(DedupSnapshot.KEPT_CAPACITY);

        final DedupSnapshot.Loaded loaded = snapshot.load(WINDOW);
        assertThat(loaded).isNotNull();
        assertThat(loaded.index()).isEqualTo(index);
        final RetryWindows restored = new RetryWindows(WINDOW, 1024);
        loaded.into(restored);
        assertThat(restored.size()).isEqualTo(1);
        assertThat(restored.indexOf(1_000, 1)).isEqualTo(index);
    }
}
