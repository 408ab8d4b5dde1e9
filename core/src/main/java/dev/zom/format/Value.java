package dev.zom.format;

import dev.zom.ErrorCode;
import dev.zom.ZomException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A typed Open Metadata value, as written to or read from one entry file. Immutable and thread-safe.
 */
public sealed interface Value
{
    /**
     * The type this value is stored as, which is also the suffix of its file.
     *
     * @return the type.
     */
    OmType type();

    /**
     * A boolean value.
     *
     * @param value the boolean.
     */
    record BoolValue(boolean value) implements Value
    {
        @Override
        public OmType type()
        {
            return OmType.BOOL;
        }
    }

    /**
     * A signed 64-bit integer value.
     *
     * @param value the integer.
     */
    record IntValue(long value) implements Value
    {
        @Override
        public OmType type()
        {
            return OmType.INT;
        }
    }

    /**
     * A double value; NaN and the infinities are allowed, as in the reference's files.
     *
     * @param value the double.
     */
    record FloatValue(double value) implements Value
    {
        @Override
        public OmType type()
        {
            return OmType.FLOAT;
        }
    }

    /**
     * A string value, stored as {@code .string} or, when {@code text} is true, as {@code .text}.
     *
     * @param value the string.
     * @param text  whether it is stored under the {@code .text} suffix.
     */
    record StringValue(String value, boolean text) implements Value
    {
        /**
         * Checks the string is present.
         *
         * @param value the string.
         * @param text  whether it is a {@code .text} entry.
         */
        public StringValue
        {
            if (value == null)
            {
                throw new ZomException(ErrorCode.TYPE_MISMATCH, "a string value cannot be null");
            }
        }

        @Override
        public OmType type()
        {
            return text ? OmType.TEXT : OmType.STRING;
        }
    }

    /**
     * A tuple: a list whose items are null, {@link Boolean}, {@link Long}, {@link Double}, {@link String},
     * {@link List} or {@link java.util.Map} with string keys.
     *
     * @param items the items, copied.
     */
    record TupleValue(List<Object> items) implements Value
    {
        /**
         * Checks every item is of a supported kind.
         *
         * @param items the items.
         */
        public TupleValue
        {
            JsonItems.check(items);
            items = Collections.unmodifiableList(new ArrayList<>(items));
        }

        @Override
        public OmType type()
        {
            return OmType.TUPLE;
        }
    }

    /**
     * The null value, stored as an empty file.
     */
    record NullValue() implements Value
    {
        @Override
        public OmType type()
        {
            return OmType.NULL;
        }
    }

    /**
     * A date: a UTC time stamp {@code YYYYMMDD-HHMMSS}.
     *
     * @param stamp the time stamp.
     */
    record DateValue(String stamp) implements Value
    {
        private static final Pattern STAMP = Pattern.compile("\\d{8}-\\d{6}");

        /**
         * Checks the stamp's shape.
         *
         * @param stamp the time stamp.
         */
        public DateValue
        {
            if (stamp == null || !STAMP.matcher(stamp).matches())
            {
                throw new ZomException(ErrorCode.TYPE_MISMATCH, "a date must look like YYYYMMDD-HHMMSS, got=" + stamp);
            }
        }

        @Override
        public OmType type()
        {
            return OmType.DATE;
        }
    }

    /**
     * A boolean value.
     *
     * @param value the boolean.
     * @return the value.
     */
    static Value of(final boolean value)
    {
        return new BoolValue(value);
    }

    /**
     * An integer value.
     *
     * @param value the integer.
     * @return the value.
     */
    static Value of(final long value)
    {
        return new IntValue(value);
    }

    /**
     * A float value.
     *
     * @param value the double.
     * @return the value.
     */
    static Value of(final double value)
    {
        return new FloatValue(value);
    }

    /**
     * A string value (stored as {@code .string}).
     *
     * @param value the string.
     * @return the value.
     */
    static Value of(final String value)
    {
        return new StringValue(value, false);
    }

    /**
     * The null value.
     *
     * @return the value.
     */
    static Value ofNull()
    {
        return new NullValue();
    }
}
