package dev.zom.broker;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where reads scan the journal for pending writes: from what the writer applied, or from where a location (or, for
 * a read of it or a listing of its location, an entry) began to wait.
 */
class WriterProgressTest
{
    @Test
    void aScanShouldStartWhereTheWriterIsUnlessTheLocationOrEntryWaits()
    {
        final WriterProgress progress = new WriterProgress(10);
        assertThat(progress.scanAfter("/show/a", null)).as("the checkpoint at start").isEqualTo(10);
        final String locked = EntryKey.of("/show/b", "status");
        progress.publish(500, Map.of("/show/a", 40L, locked, 60L));
        assertThat(progress.scanAfter("/show/a", EntryKey.of("/show/a", "x"))).isEqualTo(40);
        assertThat(progress.scanAfter("/show/a", null)).isEqualTo(40);
        assertThat(progress.scanAfter("/show/b", EntryKey.of("/show/b", "STATUS.string"))).isEqualTo(60);
        assertThat(progress.scanAfter("/show/b", EntryKey.of("/show/b", "other"))).isEqualTo(500);
        assertThat(progress.scanAfter("/show/b", null)).as("a listing of the entry's location").isEqualTo(60);
        assertThat(progress.scanAfter("/show/bc", null)).as("another location").isEqualTo(500);
        assertThat(progress.scanAfter("/show/c", null)).isEqualTo(500);
    }
}
