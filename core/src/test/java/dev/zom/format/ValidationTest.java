package dev.zom.format;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every validation error has a clear code and message, and nothing reaches the disk.
 */
class ValidationTest
{
    @TempDir
    Path root;

    @AfterEach
    void nothingWasWritten() throws Exception
    {
        try (Stream<Path> files = Files.walk(root))
        {
            assertThat(files.filter(p -> !p.equals(root))).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "relative/shot   | x          | BAD_LOCATION",
        "''              | x          | BAD_LOCATION",
        "/shot\u00e9     | x          | BAD_CHARACTER",
        "/shot/.meta/a   | x          | BAD_LOCATION",
        "/shot           | a*b        | BAD_CHARACTER",
        "/shot           | ''         | BAD_NAME",
        "/shot           | a//b       | BAD_NAME",
        "/shot           | /a         | BAD_NAME",
        "/shot           | a/         | BAD_NAME",
        "/shot           | .hidden    | BAD_NAME",
        "/shot           | a.b.int    | BAD_NAME",
        "/shot           | v1.2       | UNKNOWN_TYPE",
        "/shot           | x.weird    | UNKNOWN_TYPE",
        "/shot           | a.int/b    | BAD_NAME",
        "/shot           | x.string   | TYPE_MISMATCH",
        "/shot           | x.dict     | TYPE_MISMATCH",
    })
    void badInputShouldBeRefusedWithAReason(final String location, final String metapath, final ErrorCode code)
    {
        final String where = location.startsWith("/") ? root + location : location;
        try (MetaWriter writer = new MetaWriter(Roots.of(root), false))
        {
            assertThatThrownBy(() -> writer.write(where, metapath, Value.of(1L)))
                .isInstanceOf(ZomException.class)
                .satisfies(e -> assertThat(((ZomException)e).code()).isEqualTo(code))
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
        }
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "1.5                   | int    | TYPE_MISMATCH",
        "\"x\"                 | int    | TYPE_MISMATCH",
        "1                     | bool   | TYPE_MISMATCH",
        "true                  | float  | TYPE_MISMATCH",
        "1                     | string | TYPE_MISMATCH",
        "1                     | null   | TYPE_MISMATCH",
        "[1]                   | string | TYPE_MISMATCH",
        "\"2026-11-25\"        | date   | TYPE_MISMATCH",
        "9223372036854775808   | int    | INT_RANGE",
        "-9223372036854775809  | int    | INT_RANGE",
        "[1, 99999999999999999999] | tuple | INT_RANGE",
        "{\"a\": 1}            | dict   | TYPE_MISMATCH",
        "1                     | blob   | UNKNOWN_TYPE",
        "[1,                   | tuple  | BAD_VALUE",
    })
    void valuesThatDoNotFitTheirTypeShouldBeRefused(final String json, final String type, final ErrorCode code)
    {
        assertThatThrownBy(() -> Values.fromJson(JsonReader.parse(json), OmType.parse(type)))
            .isInstanceOf(ZomException.class)
            .satisfies(e -> assertThat(((ZomException)e).code()).isEqualTo(code));
    }

    @Test
    void theLargestIntsShouldFit()
    {
        assertThat(Values.fromJson(JsonReader.parse("9223372036854775807"), OmType.INT))
            .isEqualTo(Value.of(Long.MAX_VALUE));
        assertThat(Values.fromJson(JsonReader.parse("-9223372036854775808"), null))
            .isEqualTo(Value.of(Long.MIN_VALUE));
    }

    @Test
    void aWriteNamingMoreThanItsFilesCanHoldShouldBeRefusedBeforeTheDisk()
    {
        final String shot = root + "/shot";
        try (MetaWriter writer = new MetaWriter(Roots.of(root), false))
        {
            assertRefused(() -> writer.write(shot, "n".repeat(PathLimits.NAME + 1) + ".int", Value.of(1L)),
                ErrorCode.BAD_NAME, PathLimits.LONG_NAME);
            assertRefused(() -> writer.write(shot, ("n".repeat(PathLimits.NAME) + "/").repeat(4) + "x", Value.of(1L)),
                ErrorCode.BAD_NAME, PathLimits.LONG_METAPATH);
            assertRefused(() -> writer.write(shot + "/" + "s".repeat(PathLimits.SEGMENT + 1), "x", Value.of(1L)),
                ErrorCode.BAD_LOCATION, PathLimits.LONG_SEGMENT);
            assertRefused(() -> writer.write(shot + ("/" + "s".repeat(PathLimits.SEGMENT)).repeat(12), "x",
                Value.of(1L)), ErrorCode.BAD_LOCATION, PathLimits.LONG_LOCATION);
        }
    }

    @Test
    void aNameTheFileSystemCannotHoldShouldBeARefusalNotAStorageFailure()
    {
        final Path file = root.resolve("n".repeat(256));
        assertThatThrownBy(() -> Files.createFile(file)).isInstanceOf(IOException.class)
            .satisfies(e -> assertThat(StorageErrors.of("cannot write file=" + file, (IOException)e).code())
                .as("no retry can help").isEqualTo(ErrorCode.BAD_NAME));
    }

    private static void assertRefused(
        final ThrowingCallable write, final ErrorCode code, final String reason)
    {
        assertThatThrownBy(write).isInstanceOfSatisfying(ZomException.class, e -> assertThat(e.code()).isEqualTo(code))
            .hasMessageContaining(reason);
    }
}
