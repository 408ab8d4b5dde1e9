package dev.zom.tools;

import dev.zom.ZomException;
import dev.zom.format.JsonReader;
import dev.zom.format.OmType;
import dev.zom.format.Value;
import dev.zom.format.Values;

import java.nio.file.Path;

/**
 * How the command line reads a value and a location: a value is JSON when it parses ({@code 42}, {@code 1.5},
 * {@code true}, {@code [1, 2]}, {@code "x"}, {@code null}), otherwise a plain string; a forced string, text or date
 * type takes the text as typed. A relative location is taken from the working directory.
 */
final class ValueArgument
{
    private ValueArgument()
    {
    }

    static Value parse(final String text, final OmType type)
    {
        Object json;
        try
        {
            json = JsonReader.parse(text);
        }
        catch (final ZomException notJson)
        {
            json = text;
        }
        final boolean textual = type == OmType.STRING || type == OmType.TEXT || type == OmType.DATE;
        return Values.fromJson(textual && !(json instanceof String) ? text : json, type);
    }

    static String absolute(final String location)
    {
        return location.startsWith("/") ? location : Path.of(location).toAbsolutePath().normalize().toString();
    }
}
