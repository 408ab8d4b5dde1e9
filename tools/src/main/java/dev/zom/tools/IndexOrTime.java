package dev.zom.tools;

import picocli.CommandLine;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A position in the journal given on the command line: a journal index (digits) or a time (ISO-8601, e.g.
 * {@code 2026-11-25T04:00:00Z}, or without zone for UTC).
 *
 * @param index      the index, or null when a time was given.
 * @param timeMillis the time in epoch milliseconds, or null when an index was given.
 */
record IndexOrTime(Long index, Long timeMillis)
{
    /**
     * Parses command-line values; a bad one is a usage error.
     */
    static final class Converter implements CommandLine.ITypeConverter<IndexOrTime>
    {
        @Override
        public IndexOrTime convert(final String value)
        {
            if (value.chars().allMatch(Character::isDigit))
            {
                return new IndexOrTime(Long.parseLong(value), null);
            }
            try
            {
                return new IndexOrTime(null, Instant.parse(value).toEpochMilli());
            }
            catch (final DateTimeParseException notInstant)
            {
                try
                {
                    return new IndexOrTime(null, LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toEpochMilli());
                }
                catch (final DateTimeParseException ex)
                {
                    throw new CommandLine.TypeConversionException("not a journal index or an ISO-8601 time: " + value);
                }
            }
        }
    }

    long indexOr(final long fallback)
    {
        return index == null ? fallback : index;
    }

    long timeOr(final long fallback)
    {
        return timeMillis == null ? fallback : timeMillis;
    }
}
