package dev.zom.format;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A writer refuses every location outside its roots, after resolving {@code ..} and symbolic links, and writes
 * nothing there.
 */
class ConfinementTest
{
    @TempDir
    Path dir;

    @Test
    void dotDotOutOfTheRootShouldBeRefused() throws Exception
    {
        final Path root = Files.createDirectory(dir.resolve("root"));
        try (MetaWriter writer = new MetaWriter(Roots.of(root), false))
        {
            refused(() -> writer.write(root + "/shot/../../outside", "x", Value.of(1L)));
            refused(() -> writer.write(dir.resolve("elsewhere").toString(), "x", Value.of(1L)));
        }
        assertThat(everything()).containsExactly("root");
    }

    @Test
    void aLocationThatIsASymbolicLinkOutOfTheRootShouldBeRefused() throws Exception
    {
        final Path root = Files.createDirectory(dir.resolve("root"));
        final Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        try (MetaWriter writer = new MetaWriter(Roots.of(root), false))
        {
            refused(() -> writer.write(root + "/link", "x", Value.of(1L)));
            refused(() -> writer.write(root + "/link/deeper/shot", "x", Value.of(1L)));
        }
        assertThat(Files.list(outside).count()).isZero();
    }

    @Test
    void aMetaFolderOrGroupThatLinksOutOfTheRootShouldBeRefused() throws Exception
    {
        final Path root = Files.createDirectory(dir.resolve("root"));
        final Path outside = Files.createDirectory(dir.resolve("outside"));
        final Path shot = Files.createDirectories(root.resolve("shot"));
        Files.createSymbolicLink(shot.resolve(".meta"), outside);
        final Path other = Files.createDirectories(root.resolve("other/.meta"));
        Files.createSymbolicLink(other.resolve("group.dict"), outside);
        try (MetaWriter writer = new MetaWriter(Roots.of(root), false))
        {
            refused(() -> writer.write(shot.toString(), "x", Value.of(1L)));
            refused(() -> writer.write(shot.toString(), "g/x", Value.of(1L)));
            refused(() -> writer.write(root + "/other", "group/x", Value.of(1L)));
        }
        assertThat(Files.list(outside).count()).isZero();
    }

    @Test
    void aGroupSwappedForALinkOutOfTheRootAfterAWriteShouldBeRefused() throws Exception
    {
        final Path root = Files.createDirectory(dir.resolve("root"));
        final Path outside = Files.createDirectory(dir.resolve("outside"));
        try (MetaWriter writer = new MetaWriter(Roots.of(root), false))
        {
            writer.write(root + "/shot", "group/x", Value.of(1L));
            final Path group = root.resolve("shot/.meta/group.dict");
            Files.delete(group.resolve("x.int"));
            Files.delete(group);
            Files.createSymbolicLink(group, outside);
            refused(() -> writer.write(root + "/shot", "group/x", Value.of(2L)));
        }
        assertThat(Files.list(outside).count()).isZero();
    }

    @Test
    void aSymbolicLinkThatStaysInsideTheRootsShouldBeFollowed() throws Exception
    {
        final Path root = Files.createDirectory(dir.resolve("root"));
        final Path real = Files.createDirectories(root.resolve("real"));
        Files.createSymbolicLink(root.resolve("alias"), real);
        try (MetaWriter writer = new MetaWriter(Roots.of(root), false))
        {
            writer.write(root + "/alias", "x", Value.of(1L));
        }
        assertThat(Files.readString(real.resolve(".meta/x.int"))).isEqualTo("1");
    }

    @Test
    void eachOfSeveralRootsShouldBeUsable() throws Exception
    {
        final Path a = dir.resolve("a");
        final Path b = dir.resolve("b");
        try (MetaWriter writer = new MetaWriter(Roots.of(a, b), false))
        {
            writer.write(a + "/shot", "x", Value.of(1L));
            writer.write(b + "/shot", "x", Value.of(2L));
            refused(() -> writer.write(dir + "/c/shot", "x", Value.of(3L)));
        }
        assertThat(Files.readString(b.resolve("shot/.meta/x.int"))).isEqualTo("2");
    }

    private static void refused(final org.assertj.core.api.ThrowableAssert.ThrowingCallable write)
    {
        assertThatThrownBy(write).isInstanceOf(ZomException.class)
            .satisfies(e -> assertThat(((ZomException)e).code()).isEqualTo(ErrorCode.OUTSIDE_ROOTS));
    }

    private Stream<String> everything() throws Exception
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            return files.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).toList().stream();
        }
    }
}
