package dev.zom.tools;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.Locale;

/**
 * Reads durations such as {@code 5s}, {@code 500ms} or {@code 1.5} (seconds); anything else is a usage error.
 */
final class DurationConverter implements ITypeConverter<Duration>
{
    @Override
    public Duration convert(final String value)
    {
        try
        {
            final String text = value.trim().toLowerCase(Locale.ROOT);
            if (text.endsWith("ms"))
            {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            final String seconds = text.endsWith("s") ? text.substring(0, text.length() - 1) : text;
            return Duration.ofMillis(Math.round(Double.parseDouble(seconds) * 1000));
        }
        catch (final NumberFormatException ex)
        {
            throw new TypeConversionException("not a duration (5s, 500ms, 1.5): " + value);
        }
    }
}
