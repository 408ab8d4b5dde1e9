package dev.zom.protocol;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.format.JsonReader;
import dev.zom.format.OmType;
import dev.zom.format.PathLimits;
import dev.zom.format.Values;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks a request's location, metapath and value against the Open Metadata rules and the broker's roots, on the
 * bytes, without allocating (a tuple's JSON is the exception: it is parsed). Locations must be absolute, normalised
 * (no {@code .}, {@code ..} or empty segments) and below a root; symbolic links are checked again where files are
 * written. Not thread-safe: one per thread; {@link #reason()} explains the last refusal.
 */
public final class RequestValidator
{
    /** The characters Open Metadata names and location segments may hold, by byte value. */
    private static final boolean[] ALLOWED = allowedCharacters();
    private static final int DATE_LENGTH = 15;

    /** How many roots a refusal names before it says how many more there are. */
    private static final int ROOTS_NAMED = 3;

    private final byte[][] roots;
    private final String outsideRoots;
    private final int maxValueLength;
    private String reason;
    private int longestSegment;
    private int longestName;

    /**
     * A validator for these roots.
     *
     * @param roots          the broker's roots (absolute, normalised).
     * @param maxValueLength the largest value accepted, in bytes.
     */
    public RequestValidator(final List<Path> roots, final int maxValueLength)
    {
        this.roots = new byte[roots.size()][];
        for (int i = 0; i < roots.size(); i++)
        {
            this.roots[i] = roots.get(i).toString().getBytes(StandardCharsets.US_ASCII);
        }
        this.outsideRoots = "location is outside the roots of this broker (" +
            roots.stream().limit(ROOTS_NAMED).map(Path::toString).collect(Collectors.joining(", ")) +
            (roots.size() > ROOTS_NAMED ? " and " + (roots.size() - ROOTS_NAMED) + " more" : "") +
            "; a location is compared as spelled, symbolic links unresolved)";
        this.maxValueLength = maxValueLength;
    }

    /**
     * Why the last check failed.
     *
     * @return a lower-case reason, the same for every refusal of a kind (made once: no allocation).
     */
    public String reason()
    {
        return reason;
    }

    /**
     * Checks a write: location, metapath, type and value.
     *
     * @param request a structurally checked write request.
     * @return null when valid, else the error.
     */
    public ErrorCode checkWrite(final RequestDecoder request)
    {
        final OmType type = Protocol.typeOf(request.typeCode());
        if (type == null)
        {
            return fail(ErrorCode.UNKNOWN_TYPE, "unknown value type code");
        }
        ErrorCode error = checkLocation(request);
        if (error == null)
        {
            error = checkMetapath(request.buffer(), request.metapathOffset(), request.metapathLength(), type);
        }
        if (error == null)
        {
            error = checkLengths(request);
        }
        return error != null ? error : checkValue(type, request.buffer(), request.valueOffset(), request.valueLength());
    }

    /**
     * Checks a valid write's location and metapath against {@link PathLimits}: past them its files could not be made.
     * The longest folder name and name are the ones {@link #checkLocation} and {@link #checkMetapath} just measured,
     * so the limits cost no pass of their own; reads are not held to them (a name past them is simply not found).
     */
    private ErrorCode checkLengths(final RequestDecoder request)
    {
        if (request.locationLength() > PathLimits.LOCATION)
        {
            return fail(ErrorCode.BAD_LOCATION, PathLimits.LONG_LOCATION);
        }
        if (longestSegment > PathLimits.SEGMENT)
        {
            return fail(ErrorCode.BAD_LOCATION, PathLimits.LONG_SEGMENT);
        }
        if (request.metapathLength() > PathLimits.METAPATH)
        {
            return fail(ErrorCode.BAD_NAME, PathLimits.LONG_METAPATH);
        }
        if (longestName > PathLimits.NAME)
        {
            return fail(ErrorCode.BAD_NAME, PathLimits.LONG_NAME);
        }
        return null;
    }

    /**
     * Checks a location: absolute, normalised, allowed characters, below a root.
     *
     * @param request a structurally checked request.
     * @return null when valid, else the error.
     */
    public ErrorCode checkLocation(final RequestDecoder request)
    {
        final DirectBuffer b = request.buffer();
        final int start = request.locationOffset();
        final int length = request.locationLength();
        if (length < 2 || b.getByte(start) != '/' || b.getByte(start + length - 1) == '/')
        {
            return fail(ErrorCode.BAD_LOCATION, "location must be an absolute folder path without a trailing slash");
        }
        longestSegment = 0;
        int segment = start + 1;
        for (int i = start + 1; i <= start + length; i++)
        {
            if (i == start + length || b.getByte(i) == '/')
            {
                final ErrorCode error = checkLocationSegment(b, segment, i - segment);
                if (error != null)
                {
                    return error;
                }
                longestSegment = Math.max(longestSegment, i - segment);
                segment = i + 1;
            }
            else if (!isAllowed(b.getByte(i)))
            {
                return fail(ErrorCode.BAD_CHARACTER,
                    "location has a character outside A-Z a-z 0-9 _ & $ : . space = -");
            }
        }
        return rootOf(b, start, length) >= 0 ? null : fail(ErrorCode.OUTSIDE_ROOTS, outsideRoots);
    }

    /**
     * Checks a metapath: non-empty names without a leading dot, at most one dot each, known suffixes, groups only
     * before the last name, and a last suffix that agrees with the value's type.
     *
     * @param b      the buffer.
     * @param start  where the metapath starts.
     * @param length its length.
     * @param type   the value's type, or null when not a write.
     * @return null when valid, else the error.
     */
    public ErrorCode checkMetapath(final DirectBuffer b, final int start, final int length, final OmType type)
    {
        if (length == 0)
        {
            return fail(ErrorCode.BAD_NAME, "empty metapath");
        }
        longestName = 0;
        int segment = start;
        for (int i = start; i <= start + length; i++)
        {
            if (i == start + length || b.getByte(i) == '/')
            {
                final ErrorCode error = checkName(b, segment, i - segment, i == start + length, type);
                if (error != null)
                {
                    return error;
                }
                segment = i + 1;
            }
            else if (!isAllowed(b.getByte(i)))
            {
                return fail(ErrorCode.BAD_CHARACTER,
                    "metapath has a character outside A-Z a-z 0-9 _ & $ : . space = -");
            }
        }
        return null;
    }

    private ErrorCode checkLocationSegment(final DirectBuffer b, final int start, final int length)
    {
        if (length == 0)
        {
            return fail(ErrorCode.BAD_LOCATION, "location has an empty segment (//)");
        }
        if (b.getByte(start) == '.' && (length == 1 || (length == 2 && b.getByte(start + 1) == '.')))
        {
            return fail(ErrorCode.BAD_LOCATION, "location must be normalised (no . or .. segments)");
        }
        if (length == 5 && b.getByte(start) == '.' && equalsIgnoreCase(b, start + 1, "meta"))
        {
            return fail(ErrorCode.BAD_LOCATION, "location is inside a .meta folder");
        }
        return null;
    }

    private ErrorCode checkName(
        final DirectBuffer b, final int start, final int length, final boolean leaf, final OmType type)
    {
        if (length == 0)
        {
            return fail(ErrorCode.BAD_NAME, "empty name in metapath");
        }
        if (b.getByte(start) == '.')
        {
            return fail(ErrorCode.BAD_NAME, "a name starts with a dot (reserved for .trash and .history)");
        }
        int dot = -1;
        for (int i = start; i < start + length; i++)
        {
            if (b.getByte(i) == '.')
            {
                if (dot >= 0)
                {
                    return fail(ErrorCode.BAD_NAME, "a name has more than one dot");
                }
                dot = i;
            }
        }
        longestName = Math.max(longestName, dot < 0 ? length : dot - start);
        if (dot < 0)
        {
            return null;
        }
        final OmType suffix = suffixType(b, dot + 1, start + length - dot - 1);
        if (suffix == null)
        {
            return fail(ErrorCode.UNKNOWN_TYPE, "unknown type suffix in metapath");
        }
        if (!leaf && !suffix.isGroup())
        {
            return fail(ErrorCode.BAD_NAME, "a value suffix on a group in metapath");
        }
        if (leaf && type != null && suffix != type)
        {
            return fail(ErrorCode.TYPE_MISMATCH, "the metapath's suffix and the value's type differ");
        }
        return null;
    }

    private ErrorCode checkValue(final OmType type, final DirectBuffer b, final int offset, final int length)
    {
        if (length > maxValueLength)
        {
            return fail(ErrorCode.OVERSIZE, "value is larger than the broker accepts");
        }
        final boolean fits = switch (type)
        {
            case BOOL -> length == 1 && (b.getByte(offset) & 0xFE) == 0;
            case INT, FLOAT -> length == 8;
            case NULL -> length == 0;
            case STRING, TEXT -> Utf8.isValid(b, offset, length);
            case DATE -> isDate(b, offset, length);
            case TUPLE -> isTuple(b, offset, length);
            case DICT, LIST -> false;
        };
        return fits ? null : fail(ErrorCode.TYPE_MISMATCH, "value does not fit its type");
    }

    private boolean isTuple(final DirectBuffer b, final int offset, final int length)
    {
        if (!Utf8.isValid(b, offset, length))
        {
            return false;
        }
        try
        {
            Values.fromJson(JsonReader.parse(b.getStringWithoutLengthUtf8(offset, length)), OmType.TUPLE);
            return true;
        }
        catch (final ZomException ex)
        {
            return false;
        }
    }

    private static boolean isDate(final DirectBuffer b, final int offset, final int length)
    {
        if (length != DATE_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < DATE_LENGTH; i++)
        {
            final byte c = b.getByte(offset + i);
            if (i == 8 ? c != '-' : (c < '0' || c > '9'))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The root a location is at or below (the longest, when roots nest), without allocating.
     *
     * @param b      the buffer holding the location's bytes.
     * @param start  where they start.
     * @param length how many there are.
     * @return the root's position in the list this validator was made with, or -1 when it is below none.
     */
    public int rootOf(final DirectBuffer b, final int start, final int length)
    {
        int best = -1;
        for (int i = 0; i < roots.length; i++)
        {
            final byte[] root = roots[i];
            if (length >= root.length && startsWith(b, start, root) &&
                (length == root.length || root.length == 1 || b.getByte(start + root.length) == '/') &&
                (best < 0 || root.length > roots[best].length))
            {
                best = i;
            }
        }
        return best;
    }

    private static boolean startsWith(final DirectBuffer b, final int start, final byte[] prefix)
    {
        for (int i = 0; i < prefix.length; i++)
        {
            if (b.getByte(start + i) != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    private static OmType suffixType(final DirectBuffer b, final int start, final int length)
    {
        for (final OmType type : OmType.values())
        {
            if (type.suffix().length() == length && equalsIgnoreCase(b, start, type.suffix()))
            {
                return type;
            }
        }
        return null;
    }

    private static boolean equalsIgnoreCase(final DirectBuffer b, final int start, final String lower)
    {
        for (int i = 0; i < lower.length(); i++)
        {
            if ((b.getByte(start + i) | 0x20) != lower.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    static boolean isAllowed(final byte c)
    {
        return ALLOWED[c & 0xFF];
    }

    private static boolean[] allowedCharacters()
    {
        final boolean[] allowed = new boolean[256];
        for (int c = 0; c < 256; c++)
        {
            allowed[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                "_&$:. =-".indexOf(c) >= 0;
        }
        return allowed;
    }

    private ErrorCode fail(final ErrorCode code, final String why)
    {
        reason = why;
        return code;
    }
}
