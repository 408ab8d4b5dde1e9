package dev.zom.format;

import dev.zom.ErrorCode;
import dev.zom.ZomException;

import java.util.Locale;

/**
 * The Open Metadata types. Each is the suffix of an entry's file or folder name; {@link #DICT} and {@link #LIST}
 * are groups (folders), every other type is a value (a file).
 */
public enum OmType
{
    /** {@code true} or {@code false}. */
    BOOL("bool"),
    /** A signed 64-bit integer. */
    INT("int"),
    /** An IEEE double, written as Python's {@code repr}. */
    FLOAT("float"),
    /** A string, JSON-quoted with ASCII escapes. */
    STRING("string"),
    /** A string kept under the {@code .text} suffix. */
    TEXT("text"),
    /** A JSON array of values. */
    TUPLE("tuple"),
    /** No value: an empty file. */
    NULL("null"),
    /** A UTC time stamp {@code YYYYMMDD-HHMMSS} written as a JSON string. */
    DATE("date"),
    /** A group of named entries. */
    DICT("dict"),
    /** A group of named entries kept as a list. */
    LIST("list");

    private static final OmType[] VALUES = values();

    private final String suffix;

    OmType(final String suffix)
    {
        this.suffix = suffix;
    }

    /**
     * The suffix that names this type on disk, without the dot.
     *
     * @return the suffix, e.g. {@code "int"}.
     */
    public String suffix()
    {
        return suffix;
    }

    /**
     * Whether entries of this type are folders.
     *
     * @return true for {@link #DICT} and {@link #LIST}.
     */
    public boolean isGroup()
    {
        return this == DICT || this == LIST;
    }

    /**
     * The type with this suffix, or null when Open Metadata has no such type. Matching ignores case.
     *
     * @param suffix a suffix without the dot.
     * @return the type or null.
     */
    public static OmType fromSuffix(final String suffix)
    {
        for (final OmType type : VALUES)
        {
            if (type.suffix.equalsIgnoreCase(suffix))
            {
                return type;
            }
        }
        return null;
    }

    /**
     * Parses a type name given by a user, e.g. on the command line.
     *
     * @param name a type name such as {@code int} or {@code string}.
     * @return the type.
     * @throws ZomException with {@link ErrorCode#UNKNOWN_TYPE} when there is no such type.
     */
    public static OmType parse(final String name)
    {
        final OmType type = fromSuffix(name);
        if (type == null)
        {
            throw new ZomException(ErrorCode.UNKNOWN_TYPE,
                "unknown type=" + name + " (known: " + known() + ")");
        }
        return type;
    }

    private static String known()
    {
        final StringBuilder names = new StringBuilder();
        for (final OmType type : VALUES)
        {
            names.append(names.length() == 0 ? "" : ", ").append(type.suffix.toLowerCase(Locale.ROOT));
        }
        return names.toString();
    }
}
