package dev.zom.stage;

import dev.zom.ZomException;
import dev.zom.format.MetaWriter;
import dev.zom.format.Roots;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Committing to the stage: the staged value is Open Metadata as the tree would hold it, the ticket beside it in
 * {@code .zom-stage} holds everything a push needs, commits replace each other unless history is asked for, and
 * processes sharing a stage never share a sequence.
 */
class StageTest
{
    @TempDir
    Path dir;

    @Test
    void aCommitShouldStageOpenMetadataAndATicketThatHoldsThePush() throws IOException
    {
        final Path stageRoot = dir.resolve("stage");
        final Path staged;
        final long clientId;
        try (Stage stage = Stage.open(stageRoot).priority((short)3))
        {
            staged = stage.commit("/shows/a/shot", "render/frames", new Value.TupleValue(List.of(1L, 2L)));
            clientId = stage.clientId();
        }
        final Path direct;
        try (MetaWriter writer = new MetaWriter(Roots.of(dir.resolve("tree")), false))
        {
            direct = writer.write(dir.resolve("tree/shows/a/shot").toString(), "render/frames",
                new Value.TupleValue(List.of(1L, 2L)));
        }
        assertThat(staged).isEqualTo(stageRoot.resolve("shows/a/shot/.meta/render.dict/frames.tuple"));
        assertThat(Files.readAllBytes(staged)).isEqualTo(Files.readAllBytes(direct));

        final List<Ticket> tickets = staged(stageRoot);
        assertThat(tickets).hasSize(1);
        final Ticket ticket = tickets.get(0);
        assertThat(ticket.clientId()).isEqualTo(clientId).isNotZero();
        assertThat(ticket.priority()).isEqualTo((short)3);
        assertThat(ticket.location()).isEqualTo("/shows/a/shot");
        assertThat(ticket.metapath()).isEqualTo("render/frames");
        assertThat(ticket.value()).isEqualTo(new Value.TupleValue(List.of(1L, 2L)));
        assertThat(ticket.commitMillis()).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis());
        assertThat(ticket.keepHistory()).isFalse();
        assertThat(stageRoot.resolve(ticket.stagedFile())).isEqualTo(staged);
    }

    @Test
    void aSecondCommitShouldReplaceTheStagedValueAndEveryCommitKeepItsTicketInOrder() throws IOException
    {
        try (Stage stage = Stage.open(dir))
        {
            stage.commit("/shot", "status", Value.of("first"));
            final Path view = stage.commit("/shot", "status", Value.of("second"));
            assertThat(Files.readString(view)).isEqualTo("\"second\"");
            stage.commit("/shot", "frames", Value.of(1L), true);
        }
        final List<Ticket> tickets = staged(dir);
        assertThat(tickets).extracting(Ticket::value)
            .containsExactly(Value.of("first"), Value.of("second"), Value.of(1L));
        assertThat(tickets).extracting(Ticket::keepHistory).containsExactly(false, false, true);
        assertThat(tickets.get(0).before(tickets.get(1))).isTrue();
    }

    @Test
    void processesSharingAStageShouldShareItsClientIdButNeverASequence() throws IOException
    {
        final Set<Long> sequences = new HashSet<>();
        final Set<Long> clients = new HashSet<>();
        for (int process = 0; process < 3; process++)
        {
            try (Stage stage = Stage.open(dir))
            {
                for (int i = 0; i < 5; i++)
                {
                    stage.commit("/shot/p" + process, "n" + i, Value.of((long)i));
                }
            }
        }
        for (final Ticket ticket : staged(dir))
        {
            clients.add(ticket.clientId());
            assertThat(sequences.add(ticket.sequence())).as("sequence %d unique", ticket.sequence()).isTrue();
        }
        assertThat(sequences).hasSize(15);
        assertThat(clients).hasSize(1);
    }

    @Test
    void anInvalidWriteShouldBeRefusedAtCommitAndStageNothing() throws IOException
    {
        try (Stage stage = Stage.open(dir))
        {
            assertThatThrownBy(() -> stage.commit("relative/path", "status", Value.of("x")))
                .isInstanceOf(ZomException.class).hasMessageContaining("absolute");
            assertThatThrownBy(() -> stage.commit("/shot", "bad name!", Value.of("x")))
                .isInstanceOf(ZomException.class);
            assertThatThrownBy(() -> stage.commit("/shot", "frames.int", Value.of("not a number")))
                .isInstanceOf(ZomException.class);
        }
        assertThat(staged(dir)).isEmpty();
    }

    @Test
    void aTornOrDamagedRecordShouldNeverBeRead() throws IOException
    {
        try (Stage stage = Stage.open(dir))
        {
            stage.commit("/shot", "status", Value.of("kept"));
            stage.commit("/shot", "frames", Value.of("a value long enough to cut"));
        }
        final Path segment = segments(dir).get(0);
        final byte[] bytes = Files.readAllBytes(segment);
        Files.write(segment, Arrays.copyOf(bytes, bytes.length - 5));
        assertTornTail(segment);
        bytes[bytes.length - 1] ^= 1;
        Files.write(segment, bytes);
        assertTornTail(segment);
    }

    private static void assertTornTail(final Path segment) throws IOException
    {
        try (Segment read = Segment.read(segment, new TicketCodec()))
        {
            assertThat(read.pending()).extracting(Ticket::metapath).containsExactly("status");
            assertThat(read.tornOffset()).isPositive();
        }
    }

    /**
     * Commits "n0" = 0, "n1" = 1, ... into a stage, each at the location given for its number.
     */
    static void commitNumbers(final Path stageRoot, final IntFunction<Path> location, final int count)
    {
        try (Stage stage = Stage.open(stageRoot))
        {
            for (int i = 0; i < count; i++)
            {
                stage.commit(location.apply(i).toString(), "n" + i, Value.of((long)i));
            }
        }
    }

    static List<Ticket> staged(final Path stageRoot) throws IOException
    {
        final List<Ticket> tickets = new ArrayList<>();
        for (final Path file : segments(stageRoot))
        {
            try (Segment segment = Segment.read(file, new TicketCodec()))
            {
                tickets.addAll(segment.pending());
            }
        }
        tickets.sort((a, b) -> a.before(b) ? -1 : 1);
        return tickets;
    }

    static List<Path> segments(final Path stageRoot)
    {
        return new StageLayout(stageRoot).segments();
    }
}
