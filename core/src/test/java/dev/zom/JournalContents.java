package dev.zom;

import dev.zom.broker.WriteApplier;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalReader;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.RequestDecoder;
import dev.zom.replay.JournalRange;
import dev.zom.replay.Replay;
import dev.zom.replay.TreeSnapshot;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test helpers over a closed broker's journal and trees: the records by index, a replay into the same roots, and
 * whether a tree is what a replay gives.
 */
public final class JournalContents
{
    private JournalContents()
    {
    }

    /**
     * Every record as "location metapath value-bytes-as-string", by journal index.
     */
    public static Map<Long, String> records(final Path journalDir)
    {
        return describe(journalDir, (header, request) -> write(request));
    }

    /**
     * The records the broker decided to apply (all but superseded ones), as {@link #records} gives them.
     */
    public static Map<Long, String> appliedRecords(final Path journalDir)
    {
        return describe(journalDir, (header, request) ->
            JournalRecord.decision(header, 0) == JournalRecord.DECISION_SUPERSEDED ? null : write(request));
    }

    private static String write(final RequestDecoder request)
    {
        return request.location() + " " + request.metapath() + " " +
            request.buffer().getStringWithoutLengthUtf8(request.valueOffset(), request.valueLength());
    }

    /**
     * Every record's writer as "client-id-hex:sequence", by journal index.
     */
    public static Map<Long, String> writers(final Path journalDir)
    {
        return describe(journalDir, (header, request) -> Long.toHexString(request.clientId()) + ":" +
            request.sequence());
    }

    /**
     * A line for every record, by journal index, from its header and request; records whose line is null are left out.
     */
    private static Map<Long, String> describe(
        final Path journalDir, final BiFunction<UnsafeBuffer, RequestDecoder, String> line)
    {
        final Map<Long, String> lines = new LinkedHashMap<>();
        try (Journal journal = Journal.open(new Journal.Context().directory(journalDir));
            JournalReader reader = journal.reader())
        {
            final byte[] buffer = new byte[1 << 16];
            final UnsafeBuffer view = new UnsafeBuffer(buffer);
            final RequestDecoder request = new RequestDecoder();
            int length;
            while ((length = reader.next(buffer)) >= 0)
            {
                request.wrap(view, JournalRecord.HEADER_LENGTH, length - JournalRecord.HEADER_LENGTH);
                final String text = line.apply(view, request);
                if (text != null)
                {
                    lines.put(reader.lastIndex(), text);
                }
            }
        }
        return lines;
    }

    /**
     * Applies every journal record, in order, to the roots with the broker's own apply path.
     */
    public static void replay(final Path journalDir, final List<Path> roots)
    {
        try (Journal journal = Journal.open(new Journal.Context().directory(journalDir));
            JournalReader reader = journal.reader(); WriteApplier applier = new WriteApplier(roots, false))
        {
            final byte[] buffer = new byte[1 << 16];
            int length;
            while ((length = reader.next(buffer)) >= 0)
            {
                applier.apply(buffer, length);
            }
        }
    }

    /**
     * Fails unless the tree under {@code dir/data} is what replaying the journal in {@code dir/journal} into an empty
     * folder gives, naming the files that differ.
     */
    public static void assertTreeMatchesReplay(final Path dir) throws IOException
    {
        final Path replayed = dir.resolve("replayed");
        new Replay(new Replay.Options(dir.resolve("journal"), List.of(), replayed, JournalRange.ALL, false))
            .run(done -> { }, new PrintWriter(new StringWriter()));
        assertThat(TreeSnapshot.differences(TreeSnapshot.of(dir.resolve("data")),
            TreeSnapshot.of(replayed.resolve(dir.resolve("data").toString().substring(1)))))
            .as("the tree (expected) against a replay of its journal (actual)").isEmpty();
    }
}
