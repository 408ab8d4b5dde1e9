package dev.zom.tools;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.format.JsonReader;
import dev.zom.format.OmType;
import dev.zom.format.Values;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON-lines file of writes, validating every line before anything is written; a bad line is an error
 * naming its line number.
 */
final class JsonLines
{
    private JsonLines()
    {
    }

    static List<WriteCommand.PreparedWrite> read(final Path file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new ZomException(ErrorCode.STORAGE, "cannot read file=" + file + ": " + ex.getMessage(), ex);
        }
        final List<WriteCommand.PreparedWrite> writes = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++)
        {
            if (!lines.get(i).isBlank())
            {
                writes.add(parseLine(lines.get(i), file, i + 1));
            }
        }
        return writes;
    }

    private static WriteCommand.PreparedWrite parseLine(final String line, final Path file, final int number)
    {
        try
        {
            if (!(JsonReader.parse(line) instanceof Map<?, ?> fields))
            {
                throw new ZomException(ErrorCode.BAD_VALUE, "a line must be a JSON object");
            }
            final Object typeName = fields.get("type");
            final OmType type = typeName == null ? null : OmType.parse(String.valueOf(typeName));
            final String location = text(fields.get("location"));
            return WriteCommand.PreparedWrite.of(location == null ? null : ValueArgument.absolute(location),
                text(fields.get("metapath")),
                Values.fromJson(fields.get("value"), type));
        }
        catch (final ZomException ex)
        {
            throw new ZomException(ex.code(), file + " line " + number + ": " + ex.getMessage(), ex);
        }
    }

    private static String text(final Object field)
    {
        return field instanceof String s ? s : null;
    }
}
