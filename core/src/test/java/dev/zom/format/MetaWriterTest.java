package dev.zom.format;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writes, reads and listings on a real tree.
 */
class MetaWriterTest
{
    @TempDir
    Path root;

    private MetaWriter writer;
    private String shot;

    @BeforeEach
    void open()
    {
        writer = new MetaWriter(Roots.of(root), false);
        shot = root.resolve("shot1").toString();
    }

    @AfterEach
    void close()
    {
        writer.close();
    }

    @Test
    void shouldWriteAndReadBackEveryValueType()
    {
        final List<Value> values = List.of(Value.of(true), Value.of(-7L), Value.of(1.87), Value.of("caf\u00e9"),
            new Value.StringValue("long", true), new Value.TupleValue(List.of(1L, "a", 1.5, false)), Value.ofNull(),
            new Value.DateValue("20261125-011510"));
        for (int i = 0; i < values.size(); i++)
        {
            writer.write(shot, "v" + i, values.get(i));
        }
        for (int i = 0; i < values.size(); i++)
        {
            assertThat(MetaReader.read(shot, "v" + i)).isEqualTo(values.get(i));
        }
        assertThat(read("shot1/.meta/v7.date")).isEqualTo("\"20261125-011510\"");
    }

    @Test
    void shouldCreateGroupsAsDictUnlessSpelledOrPresentAsList() throws Exception
    {
        writer.write(shot, "a/b/c", Value.of(1L));
        writer.write(shot, "shots.list/first", Value.of("sh010"));
        writer.write(shot, "shots/second", Value.of("sh020"));
        assertThat(read("shot1/.meta/a.dict/b.dict/c.int")).isEqualTo("1");
        assertThat(read("shot1/.meta/shots.list/second.string")).isEqualTo("\"sh020\"");
        assertThat(Files.exists(root.resolve("shot1/.meta/shots.dict"))).isFalse();
        assertThat(MetaReader.list(Locations.parse(shot), Metapath.parse("shots")))
            .extracting(MetaEntry::name).containsExactly("first", "second");
    }

    @Test
    void shouldKeepTheFirstSpellingOfAName()
    {
        writer.write(shot, "Same", Value.of("v1"));
        writer.write(shot, "SAME", Value.of("v2"));
        assertThat(read("shot1/.meta/Same.string")).isEqualTo("\"v2\"");
        assertThat(MetaReader.list(Locations.parse(shot), null)).hasSize(1);
        assertThat(MetaReader.read(shot, "same")).isEqualTo(Value.of("v2"));
    }

    @Test
    void shouldMoveTheOldEntryToTrashOnATypeChangeReplacingAnOlderTrashedOne()
    {
        writer.write(shot, "value", Value.of("first"));
        writer.write(shot, "value", Value.of(1L));
        writer.write(shot, "value", Value.of(true));
        assertThat(read("shot1/.meta/value.bool")).isEqualTo("true");
        assertThat(read("shot1/.meta/.trash/value.int")).isEqualTo("1");
        assertThat(Files.exists(root.resolve("shot1/.meta/.trash/value.string"))).isFalse();
        assertThat(Files.exists(root.resolve("shot1/.meta/value.int"))).isFalse();
    }

    @Test
    void shouldKeepATextEntryAsTextWhenAStringIsWritten()
    {
        writer.write(shot, "notes.text", Value.of("one"));
        writer.write(shot, "notes", Value.of("two"));
        assertThat(read("shot1/.meta/notes.text")).isEqualTo("\"two\"");
        assertThat(Files.exists(root.resolve("shot1/.meta/.trash"))).isFalse();
    }

    @Test
    void shouldReadDefaultsFromEmptyFilesAndTolerateWhitespace() throws Exception
    {
        writer.write(shot, "n", Value.of(5L));
        final Path meta = root.resolve("shot1/.meta");
        Files.writeString(meta.resolve("n.int"), "  \n 42 \n");
        Files.writeString(meta.resolve("e.float"), "");
        Files.writeString(meta.resolve("d.date"), "");
        assertThat(MetaReader.read(shot, "n")).isEqualTo(Value.of(42L));
        assertThat(MetaReader.read(shot, "e")).isEqualTo(Value.of(0.0));
        assertThat(((Value.DateValue)MetaReader.read(shot, "d")).stamp()).matches("\\d{8}-\\d{6}");
    }

    @Test
    void unreadableContentShouldBeAnErrorNamingTheFile() throws Exception
    {
        writer.write(shot, "n", Value.of(5L));
        Files.writeString(root.resolve("shot1/.meta/n.int"), "{oops");
        assertThatThrownBy(() -> MetaReader.read(shot, "n")).isInstanceOf(ZomException.class)
            .hasMessageContaining("n.int").extracting(e -> ((ZomException)e).code()).isEqualTo(ErrorCode.UNREADABLE);
        Files.writeString(root.resolve("shot1/.meta/n.int"), "1.5");
        assertThatThrownBy(() -> MetaReader.read(shot, "n")).hasMessageContaining("n.int");
    }

    @Test
    void readingAMissingEntryShouldBeNotFound()
    {
        writer.write(shot, "n", Value.of(5L));
        assertThatThrownBy(() -> MetaReader.read(shot, "missing"))
            .extracting(e -> ((ZomException)e).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThatThrownBy(() -> MetaReader.read(shot, "n.string"))
            .extracting(e -> ((ZomException)e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void shouldLeaveNothingButEntriesInMetaAndRemoveTheTemporaryFolderOnClose() throws Exception
    {
        for (int i = 0; i < 50; i++)
        {
            writer.write(shot, "counter", Value.of((long)i));
        }
        try (var files = Files.list(root.resolve("shot1/.meta")))
        {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("counter.int");
        }
        writer.close();
        assertThat(Files.exists(root.resolve(".zom-tmp"))).isFalse();
    }

    @Test
    void shouldNoticeEntriesThatAnotherWriterAddedSinceItLastLooked()
    {
        writer.write(shot, "first", Value.of(1L));
        try (MetaWriter other = new MetaWriter(Roots.of(root), false))
        {
            other.write(shot, "Same", Value.of("v1"));
            other.write(shot, "g/x", Value.of(1L));
        }
        writer.write(shot, "SAME", Value.of("v2"));
        writer.write(shot, "G/y", Value.of(2L));
        assertThat(read("shot1/.meta/Same.string")).isEqualTo("\"v2\"");
        assertThat(read("shot1/.meta/g.dict/y.int")).isEqualTo("2");
        assertThat(MetaReader.list(Locations.parse(shot), null)).extracting(MetaEntry::name)
            .containsExactly("first", "g", "Same");
    }

    @Test
    void syncedWritesShouldWriteTheSameBytes()
    {
        try (MetaWriter synced = new MetaWriter(Roots.of(root), true))
        {
            synced.write(shot, "x", Value.of(3.0));
        }
        assertThat(read("shot1/.meta/x.float")).isEqualTo("3.0");
    }

    private String read(final String relative)
    {
        try
        {
            return Files.readString(root.resolve(relative), StandardCharsets.US_ASCII);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
