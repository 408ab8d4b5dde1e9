package dev.zom.recovery;

import dev.zom.replay.TreeSnapshot;
import dev.zom.ChildJvm;
import dev.zom.JournalContents;
import dev.zom.broker.OfflineJournalWriter;
import dev.zom.format.Value;
import dev.zom.journal.DurabilityMode;
import dev.zom.journal.Journal;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker whose disk writer has a large backlog (a journal filled while no broker ran) is killed with
 * {@code kill -9} several times while applying it. In the end no entry is skipped and each holds the last value
 * journaled for it, and the tree equals a replay of the journal. CI uses 200,000 records (a multiple of the 500
 * entries, so entry {@code e} last holds {@code v(RECORDS - 500 + e)}); set
 * {@code -Dzom.backlog.records=2000000} for the long run.
 */
@Tag("crash")
class BacklogCrashTest
{
    private static final int RECORDS = Integer.getInteger("zom.backlog.records", 200_000);
    private static final int ENTRIES = 500;
    private static final int KILLS = 3;

    @TempDir
    Path dir;

    @Test
    @Timeout(900)
    void killingTheWriterDuringABacklogShouldNeitherSkipNorRepeatAnything() throws Exception
    {
        final String shot = dir.resolve("data/shot").toString();
        try (Journal journal = Journal.open(new Journal.Context().directory(dir.resolve("journal"))
            .durability(DurabilityMode.NONE)); OfflineJournalWriter writer = new OfflineJournalWriter(journal, 5))
        {
            for (int i = 0; i < RECORDS; i++)
            {
                writer.append(shot + (i % 10), "e" + (i % ENTRIES), Value.of("v" + i));
            }
        }
        final SplittableRandom random = new SplittableRandom(11);
        for (int kill = 0; kill < KILLS; kill++)
        {
            try (ChildJvm broker = ChildJvm.start(BrokerMain.class, dir.toString(), "batch"))
            {
                broker.readLine(60_000);
                Thread.sleep(random.nextInt(200, 1500));
                broker.kill9();
            }
        }
        WriterLag.drainWithOneMoreRun(dir);
        final Map<String, String> tree = TreeSnapshot.of(dir.resolve("data"));
        assertThat(tree).hasSize(ENTRIES);
        for (int i = RECORDS - ENTRIES; i < RECORDS; i++)
        {
            assertThat(tree.get("shot" + (i % 10) + "/.meta/e" + (i % ENTRIES) + ".string"))
                .as("the last value of entry e" + (i % ENTRIES)).isEqualTo("\"v" + i + "\"");
        }
        JournalContents.assertTreeMatchesReplay(dir);
    }
}
