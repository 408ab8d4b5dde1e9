package dev.zom.tools;

import dev.zom.broker.Broker;
import dev.zom.broker.BrokerContext;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import dev.zom.journal.JournalAhead;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import org.agrona.IoUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import java.util.function.ObjIntConsumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zom replay} and {@code zom journal dump|verify|stat} on a real journal written by a broker.
 */
@Timeout(120)
class ReplayAndJournalCommandsTest
{
    /** Where a record's location begins, from the start of the record (after Chronicle's 4-byte length header). */
    private static final int RECORD_TO_LOCATION = JournalRecord.HEADER_LENGTH + Protocol.REQUEST_HEADER_LENGTH;

    @TempDir
    Path dir;

    private Path journal;
    private String shotA;
    private String shotB;
    private long secondIndex;
    private Instant between;

    @BeforeEach
    void writeAJournal() throws Exception
    {
        journal = dir.resolve("journal");
        shotA = dir.resolve("data/a/shot").toString();
        shotB = dir.resolve("data/b/shot").toString();
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            client.writeAcked(shotA, "frames", Value.of(1L));
            secondIndex = client.writeAcked(shotA, "frames", Value.of(2L)).journalIndex();
            Thread.sleep(20);
            between = Instant.now();
            Thread.sleep(20);
            client.writeAcked(shotB, "name", Value.of("b"));
        }
    }

    @Test
    void replayIntoShouldRebuildTheTreeUnderAnotherFolder() throws Exception
    {
        final Path into = dir.resolve("rebuilt");
        final CommandResult result = CommandResult.run("replay", "--journal", journal.toString(), "--into",
            into.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("read 3 records, 3 matched, 2 written, 1 coalesced", "synced to disk");
        assertThat(Files.readString(into.resolve(shotA.substring(1)).resolve(".meta/frames.int"))).isEqualTo("2");
        assertThat(Files.readString(into.resolve(shotB.substring(1)).resolve(".meta/name.string"))).isEqualTo("\"b\"");
    }

    @Test
    void aRelativeIntoShouldBeTakenFromTheWorkingFolder() throws Exception
    {
        final Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("relative"));
        final CommandResult result = CommandResult.run("replay", "--journal", journal.toString(), "--into",
            relative.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("2 written", "0 refused");
        assertThat(Files.readString(dir.resolve("relative").resolve(shotA.substring(1)).resolve(".meta/frames.int")))
            .isEqualTo("2");
    }

    @Test
    void aWriteOutsideTheRootsGivenShouldBeNamedAndMakeReplayExitOne() throws Exception
    {
        final CommandResult result = CommandResult.run("replay", "--journal", journal.toString(), "--root",
            dir.resolve("data/a").toString());
        assertThat(result.exitCode()).isOne();
        assertThat(result.out()).contains("1 written", "1 refused", "refused record at index", shotB + " name");
        assertThat(result.err()).contains("1 journaled writes refused");
        assertThat(Files.readString(Path.of(shotA).resolve(".meta/frames.int"))).isEqualTo("2");
    }

    @Test
    void replayShouldHonourToUnderAndTimes() throws Exception
    {
        final Path upTo = dir.resolve("upto");
        assertThat(CommandResult.run("replay", "--journal", journal.toString(), "--into", upTo.toString(), "--to",
            String.valueOf(secondIndex - 1)).exitCode()).isZero();
        assertThat(Files.readString(upTo.resolve(shotA.substring(1)).resolve(".meta/frames.int"))).isEqualTo("1");
        assertThat(Files.exists(upTo.resolve(shotB.substring(1)))).isFalse();

        final Path under = dir.resolve("under");
        assertThat(CommandResult.run("replay", "--journal", journal.toString(), "--into", under.toString(),
            "--under", dir.resolve("data/b").toString()).exitCode()).isZero();
        assertThat(Files.exists(under.resolve(shotA.substring(1)))).isFalse();
        assertThat(Files.exists(under.resolve(shotB.substring(1)).resolve(".meta/name.string"))).isTrue();

        final Path after = dir.resolve("after");
        assertThat(CommandResult.run("replay", "--journal", journal.toString(), "--into", after.toString(),
            "--from", between.toString()).exitCode()).isZero();
        assertThat(Files.exists(after.resolve(shotA.substring(1)))).isFalse();
        assertThat(Files.exists(after.resolve(shotB.substring(1)))).isTrue();
    }

    @Test
    void aFromOlderThanTheJournalShouldBeNoted()
    {
        final CommandResult older = CommandResult.run("replay", "--journal", journal.toString(), "--into",
            dir.resolve("older").toString(), "--from", between.minus(Duration.ofDays(1)).toString());
        assertThat(older.exitCode()).as(older.err()).isZero();
        assertThat(older.out()).contains("note: the journal begins at index ", "after --from", "2 written");

        final CommandResult within = CommandResult.run("replay", "--journal", journal.toString(), "--into",
            dir.resolve("within").toString(), "--from", between.toString());
        assertThat(within.out()).doesNotContain("note:").contains("1 written");
        final CommandResult whole = CommandResult.run("replay", "--journal", journal.toString(), "--into",
            dir.resolve("whole").toString());
        assertThat(whole.out()).doesNotContain("note:");
    }

    @Test
    void aDryRunShouldPrintWhatItWouldWriteAndWriteNothing()
    {
        final Path into = dir.resolve("dry");
        final CommandResult result = CommandResult.run("replay", "--journal", journal.toString(), "--into",
            into.toString(), "--dry-run");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("would write " + into.resolve(shotA.substring(1)) + " frames = 2",
            "would write " + into.resolve(shotB.substring(1)) + " name = \"b\"", "2 would be written");
        assertThat(Files.exists(into)).isFalse();
        assertThat(result.out()).doesNotContain("synced");
    }

    @Test
    void replayShouldRefuseTheRootsOfALiveBroker()
    {
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            assertThat(broker.journaledIndex()).isEqualTo(secondIndex + 1);
            final CommandResult inPlace = CommandResult.run("replay", "--journal", journal.toString(), "--root",
                dir.resolve("data").toString());
            assertThat(inPlace.exitCode()).isEqualTo(1);
            assertThat(inPlace.err()).contains("live broker");
            final CommandResult overlapping = CommandResult.run("replay", "--journal", journal.toString(), "--into",
                dir.resolve("data/elsewhere").toString());
            assertThat(overlapping.exitCode()).isEqualTo(1);
            assertThat(overlapping.err()).contains("overlaps the root");
            assertThat(CommandResult.run("replay", "--journal", journal.toString(), "--into",
                dir.resolve("safe").toString()).exitCode()).isZero();
        }
    }

    @Test
    void replayShouldRefuseATreeAnotherLiveBrokerClaims()
    {
        final Path other = dir.resolve("other");
        final Path otherRoot = other.resolve("data");
        try (Broker broker = Broker.launch(BrokerContext.embedded(other)))
        {
            assertThat(broker.journaledIndex()).isEqualTo(-1);
            final CommandResult inPlace = CommandResult.run("replay", "--journal", journal.toString(), "--root",
                otherRoot.toString());
            assertThat(inPlace.exitCode()).isEqualTo(1);
            assertThat(inPlace.err()).contains("root " + otherRoot + " is under the root=" + otherRoot +
                " of a live broker (host=", "journal=" + other.resolve("journal"));
            final CommandResult into = CommandResult.run("replay", "--journal", journal.toString(), "--into",
                otherRoot.resolve("rebuilt").toString());
            assertThat(into.exitCode()).isEqualTo(1);
            assertThat(into.err()).contains("--into " + otherRoot.resolve("rebuilt") + " is under the root=" +
                otherRoot);
        }
        assertThat(CommandResult.run("replay", "--journal", journal.toString(), "--into",
            otherRoot.resolve("rebuilt").toString()).exitCode()).as("once that broker is gone").isZero();
    }

    @Test
    void replayInPlaceShouldLeaveAloneTheRootOfALiveBrokerInsideItsRoots()
    {
        final Path other = dir.resolve("other");
        final Path inner = dir.resolve("data/b");
        IoUtil.delete(dir.resolve("data").toFile(), false);
        try (Broker broker = Broker.launch(new BrokerContext().root(inner)
            .journalDirectory(other.resolve("journal")).pullEndpoint("tcp://127.0.0.1:*")
            .routerEndpoint("tcp://127.0.0.1:*").eventsEndpoint("tcp://127.0.0.1:*")))
        {
            assertThat(broker.context().roots()).containsExactly(inner);
            final CommandResult inPlace = CommandResult.run("replay", "--journal", journal.toString(), "--root",
                dir.resolve("data").toString());
            assertThat(inPlace.exitCode()).isEqualTo(1);
            assertThat(inPlace.out()).contains("(" + shotB + " name): not written: it is inside the root=" + inner +
                " of another live broker (host=", "journal=" + other.resolve("journal"));
            assertThat(Path.of(shotA, ".meta/frames.int")).exists();
            assertThat(Path.of(shotB)).doesNotExist();
        }
    }

    @Test
    void dumpVerifyAndStatShouldDescribeTheJournal()
    {
        final CommandResult dump = CommandResult.run("journal", "dump", "--journal", journal.toString());
        assertThat(dump.exitCode()).isZero();
        assertThat(dump.out().lines()).hasSize(3);
        assertThat(dump.out()).contains(shotA + " frames int 2 decision=apply", shotB + " name string \"b\"");
        final CommandResult json = CommandResult.run("journal", "dump", "--journal", journal.toString(), "--json",
            "--from", String.valueOf(secondIndex));
        assertThat(json.out().lines()).hasSize(2).first().asString().startsWith("{\"index\": " + secondIndex)
            .contains("\"value\": 2");
        final CommandResult verify = CommandResult.run("journal", "verify", "--journal", journal.toString());
        assertThat(verify.exitCode()).isZero();
        assertThat(verify.out()).contains("3 records, 0 damaged");
        final CommandResult stat = CommandResult.run("journal", "stat", "--journal", journal.toString());
        assertThat(stat.exitCode()).isZero();
        assertThat(stat.out()).contains("last index " + (secondIndex + 1), "checkpoint writer-", "cycle ",
            "retention (PT168H) may delete 0 cycle files");
        assertThat(stat.out()).containsPattern("checkpoint writer-\\S+ at index \\d+ \\(roots " +
            Pattern.quote(dir.resolve("data").toString()) + "\\)");
    }

    /**
     * A journal whose newest cycle begins after the wall clock's time (written by a broker whose clock ran ahead, then
     * put right) takes new writes into that cycle until the clock reaches it: stat says so, as the broker's log does.
     */
    @Test
    void statShouldSayWhenTheClockIsBehindTheNewestCycle()
    {
        assertThat(CommandResult.run("journal", "stat", "--journal", journal.toString()).out())
            .as("the clock is right").doesNotContain("behind");
        JournalAhead.append(journal, Duration.ofDays(2).toMillis(), new byte[JournalRecord.HEADER_LENGTH]);
        final CommandResult stat = CommandResult.run("journal", "stat", "--journal", journal.toString());
        assertThat(stat.exitCode()).isZero();
        assertThat(stat.out()).contains("is behind the start of the journal's newest cycle", "was the clock set back?");
    }

    @Test
    void dumpShouldTakeTheRangeReplayTakes()
    {
        final CommandResult upTo = CommandResult.run("journal", "dump", "--journal", journal.toString(), "--to",
            String.valueOf(secondIndex));
        assertThat(upTo.out().lines()).hasSize(2).last().asString().startsWith(secondIndex + " ");
        final CommandResult under = CommandResult.run("journal", "dump", "--journal", journal.toString(), "--under",
            dir.resolve("data/b").toString());
        assertThat(under.out().lines()).hasSize(1).first().asString().contains(shotB + " name");
        final CommandResult before = CommandResult.run("journal", "dump", "--journal", journal.toString(), "--to",
            between.toString());
        assertThat(before.out().lines()).hasSize(2).allMatch(line -> line.contains(shotA));
    }

    @Test
    void dumpShouldNameTheBrokersDecisions() throws Exception
    {
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).conflictWindowMillis(60_000));
            ZomClient first = ZomClient.connect(broker.routerEndpoint(), null);
            ZomClient second = ZomClient.connect(broker.routerEndpoint(), null))
        {
            first.writeAcked(shotA, "conflict", Value.of(1L));
            second.writeAcked(shotA, "conflict", Value.of(2L));
            second.priority((short)5).writeAcked(shotA, "ranked", Value.of(3L));
            first.writeAcked(shotA, "ranked", Value.of(4L));
        }
        final CommandResult dump = CommandResult.run("journal", "dump", "--journal", journal.toString(), "--from",
            String.valueOf(secondIndex + 2));
        assertThat(dump.out().lines()).hasSize(4).satisfiesExactly(
            line -> assertThat(line).endsWith("conflict int 1 decision=apply"),
            line -> assertThat(line).endsWith("conflict int 2 decision=overwrote"),
            line -> assertThat(line).endsWith("ranked int 3 decision=apply"),
            line -> assertThat(line).endsWith("ranked int 4 decision=superseded"));
    }

    /**
     * On a bad day: a record damaged on disk. Verify and dump name it; replay applies every sound record, lists the
     * one it skipped and exits 1, so that a script does not take the rebuilt tree for whole.
     */
    @Test
    void aDamagedRecordShouldBeNamedAndMakeReplayExitOne() throws Exception
    {
        damageTheRecordOf(shotB);
        final CommandResult verify = CommandResult.run("journal", "verify", "--journal", journal.toString());
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out()).contains("damaged record at index " + (secondIndex + 1), "3 records, 1 damaged");
        assertThat(CommandResult.run("journal", "dump", "--journal", journal.toString()).out())
            .contains((secondIndex + 1) + " DAMAGED checksum mismatch");
        final Path into = dir.resolve("rebuilt");
        final CommandResult replay = CommandResult.run("replay", "--journal", journal.toString(), "--into",
            into.toString());
        assertThat(replay.exitCode()).as(replay.out()).isEqualTo(1);
        assertThat(replay.out()).contains("skipped damaged record at index " + (secondIndex + 1),
            "read 3 records, 2 matched, 1 written, 1 coalesced, 1 damaged skipped");
        assertThat(replay.err()).contains("1 damaged journal records skipped");
        assertThat(Files.readString(into.resolve(shotA.substring(1)).resolve(".meta/frames.int"))).isEqualTo("2");
        assertThat(into.resolve(shotB.substring(1))).doesNotExist();
    }

    /**
     * A damaged length header (here the second record's) hides where the records after it begin, up to the next
     * record Chronicle can find without it (the next indexed one, else the newest: here the third). The tools name
     * the run and go on (they stopped at it with an exception), replay applying the rest and exiting 1.
     */
    @Test
    void aDamagedLengthShouldBeNamedAndReplayShouldApplyTheRest() throws Exception
    {
        damageTheJournalAt(shotA, (bytes, at) -> ByteBuffer.wrap(bytes, at - RECORD_TO_LOCATION - Integer.BYTES,
            Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(0x3FFF_FFF0));
        final CommandResult verify = CommandResult.run("journal", "verify", "--journal", journal.toString());
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isEqualTo(1);
        assertThat(verify.out()).contains("damaged record at index " + secondIndex + ": damaged length",
            "the 1 record from here through index " + secondIndex + " cannot be read", "3 records, 1 damaged");
        assertTheReplaySkipsOnlyTheSecond();
    }

    /**
     * A length header 4 bytes short (here the second record's) fails that record's checksum and leaves the reader on
     * its last four bytes, where it finds nothing, as at the end of the journal: verify and replay stopped there and
     * said nothing of the third record. They now wait a moment (a record being appended would be completed), take
     * it for damage, and go on at the next record Chronicle can find (here the third, the newest).
     */
    @Test
    void aLengthALittleShortShouldNotEndTheJournalThere() throws Exception
    {
        damageTheJournalAt(shotA, (bytes, at) ->
        {
            final ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            final int lengthAt = at - RECORD_TO_LOCATION - Integer.BYTES;
            header.putInt(lengthAt, header.getInt(lengthAt) - Integer.BYTES);
        });
        final CommandResult verify = CommandResult.run("journal", "verify", "--journal", journal.toString());
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isEqualTo(1);
        assertThat(verify.out()).contains("damaged record at index " + secondIndex + ": checksum mismatch",
            "3 records, 1 damaged");
        assertTheReplaySkipsOnlyTheSecond();
    }

    /**
     * A damaged length that ends where the next record begins shifts the indices the reader gives the records after
     * it up to the next indexed record, where the reader goes back to Chronicle's index: verify names that record
     * and counts the one between as damaged, and replay applies every other record. Both count the journal's 143
     * records once (they counted the one between twice: once read, once again as misplaced).
     */
    @Test
    void aLengthEndingAtTheNextRecordShouldBeNamedWhereTheReaderGoesBackToTheIndex() throws Exception
    {
        final String shot = dir.resolve("data/c/shot").toString();
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            for (int i = 0; i < 140; i++)
            {
                client.writeAcked(shot, String.format("e%03d", i), Value.of((long)i));
            }
        }
        damageTheJournalAt(shot + "e005", (bytes, at) ->
        {
            final int recordAndHeader = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(shot + "e006") - at;
            final ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            final int lengthAt = at - RECORD_TO_LOCATION - Integer.BYTES;
            header.putInt(lengthAt, header.getInt(lengthAt) + recordAndHeader);
        });
        final CommandResult verify = CommandResult.run("journal", "verify", "--journal", journal.toString());
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isEqualTo(1);
        assertThat(verify.out()).contains(": checksum mismatch", "a damaged length before this record led 1 record " +
            "away from where the journal's index puts it", "143 records, 2 damaged");
        final Path into = dir.resolve("rebuilt");
        final CommandResult replay = CommandResult.run("replay", "--journal", journal.toString(), "--into",
            into.toString());
        assertThat(replay.exitCode()).as(replay.out() + replay.err()).isEqualTo(1);
        assertThat(replay.out()).contains("read 143 records");
        final Path meta = into.resolve(shot.substring(1)).resolve(".meta");
        assertThat(meta.resolve("e005.int")).doesNotExist();
        assertThat(meta.resolve("e006.int")).doesNotExist();
        assertThat(Files.readString(meta.resolve("e139.int"))).isEqualTo("139");
    }

    private void assertTheReplaySkipsOnlyTheSecond() throws Exception
    {
        final Path into = dir.resolve("rebuilt");
        final CommandResult replay = CommandResult.run("replay", "--journal", journal.toString(), "--into",
            into.toString());
        assertThat(replay.exitCode()).as(replay.out() + replay.err()).isEqualTo(1);
        assertThat(replay.out()).contains("skipped damaged record at index " + secondIndex,
            "read 3 records, 2 matched, 2 written, 0 coalesced, 1 damaged skipped");
        assertThat(Files.readString(into.resolve(shotA.substring(1)).resolve(".meta/frames.int"))).isEqualTo("1");
        assertThat(Files.readString(into.resolve(shotB.substring(1)).resolve(".meta/name.string"))).isEqualTo("\"b\"");
    }

    /**
     * Changes one byte of the location of the record written to {@code location}, as a bad sector or a stray write
     * would: its checksum no longer matches.
     */
    private void damageTheRecordOf(final String location) throws Exception
    {
        damageTheJournalAt(location, (bytes, at) -> bytes[at + location.length() - 1] ^= 1);
    }

    /**
     * Finds the last occurrence of {@code text} in the journal's cycle file and lets {@code damage} change the bytes
     * around it.
     */
    private void damageTheJournalAt(final String text, final ObjIntConsumer<byte[]> damage) throws Exception
    {
        try (Stream<Path> files = Files.list(journal))
        {
            final Path cycle = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
            final byte[] bytes = Files.readAllBytes(cycle);
            final int at = new String(bytes, StandardCharsets.ISO_8859_1).lastIndexOf(text);
            assertThat(at).as("the record in the journal").isNotNegative();
            damage.accept(bytes, at);
            Files.write(cycle, bytes);
        }
    }

    @Test
    void aMissingJournalShouldExitOne()
    {
        final CommandResult result = CommandResult.run("journal", "verify", "--journal",
            dir.resolve("nope").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no journal at");
    }

    @Test
    void aFolderWithoutAJournalShouldBeRefusedByReplayAndVerifyAndLeftAsItWas() throws IOException
    {
        final Path notAJournal = Files.createDirectories(dir.resolve("data"));
        final Path missing = dir.resolve("nope");
        for (final CommandResult result : List.of(
            CommandResult.run("replay", "--journal", missing.toString(), "--into", dir.resolve("r1").toString()),
            CommandResult.run("replay", "--journal", notAJournal.toString(), "--into", dir.resolve("r2").toString()),
            CommandResult.run("journal", "verify", "--journal", notAJournal.toString())))
        {
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).contains("no journal at");
        }
        assertThat(missing).doesNotExist();
        try (Stream<Path> files = Files.list(notAJournal))
        {
            assertThat(files.map(p -> p.getFileName().toString())).as("the broker's entries and its root claim")
                .containsExactlyInAnyOrder("a", "b", ".zom-locks");
        }
    }
}
