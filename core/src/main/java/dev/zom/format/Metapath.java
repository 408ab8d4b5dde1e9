package dev.zom.format;

import dev.zom.ErrorCode;
import dev.zom.ZomException;

import java.util.ArrayList;
import java.util.List;

/**
 * A path to an entry below a location's {@code .meta} folder: {@code a/b/c} names {@code .meta/a.dict/b.dict/c.*}.
 * Each segment is a name with an optional type suffix ({@code shots.list/first}, {@code nothing.null}). Immutable.
 *
 * @param segments the groups from the outermost, then the entry itself; never empty.
 */
public record Metapath(List<Segment> segments)
{
    /**
     * One segment: a name and, when the metapath spelled one, its type.
     *
     * @param name the name, without suffix.
     * @param type the type given as suffix, or null when none was given.
     */
    public record Segment(String name, OmType type)
    {
    }

    /**
     * Copies and checks the segments.
     *
     * @param segments the segments.
     */
    public Metapath
    {
        if (segments.isEmpty())
        {
            throw new ZomException(ErrorCode.BAD_NAME, "empty metapath");
        }
        segments = List.copyOf(segments);
    }

    /**
     * Parses and validates a metapath such as {@code address/street} or {@code shots.list/first}.
     *
     * @param text the metapath.
     * @return the metapath.
     * @throws ZomException with {@link ErrorCode#BAD_NAME}, {@link ErrorCode#BAD_CHARACTER} or
     *                      {@link ErrorCode#UNKNOWN_TYPE}.
     */
    public static Metapath parse(final String text)
    {
        if (text == null || text.isEmpty())
        {
            throw new ZomException(ErrorCode.BAD_NAME, "empty metapath");
        }
        Names.checkCharacters(text, "metapath");
        final String[] parts = text.split("/", -1);
        final List<Segment> segments = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++)
        {
            final Segment segment = segment(parts[i], text);
            if (i < parts.length - 1 && segment.type() != null && !segment.type().isGroup())
            {
                throw new ZomException(ErrorCode.BAD_NAME,
                    "segment=" + parts[i] + " of metapath=" + text + " is a value, not a group");
            }
            segments.add(segment);
        }
        return new Metapath(segments);
    }

    private static Segment segment(final String part, final String text)
    {
        if (part.isEmpty())
        {
            throw new ZomException(ErrorCode.BAD_NAME, "empty name in metapath=" + text);
        }
        if (part.charAt(0) == '.')
        {
            throw new ZomException(ErrorCode.BAD_NAME, "name=" + part + " starts with a dot (reserved for .trash, "
                + ".history) in metapath=" + text);
        }
        final int dot = part.indexOf('.');
        if (dot < 0)
        {
            return new Segment(part, null);
        }
        if (part.indexOf('.', dot + 1) >= 0)
        {
            throw new ZomException(ErrorCode.BAD_NAME, "name=" + part + " has more than one dot in metapath=" + text);
        }
        final String suffix = part.substring(dot + 1);
        final OmType type = OmType.fromSuffix(suffix);
        if (type == null)
        {
            throw new ZomException(ErrorCode.UNKNOWN_TYPE, "unknown type=" + suffix + " in metapath=" + text);
        }
        return new Segment(part.substring(0, dot), type);
    }

    /**
     * The entry itself: the last segment.
     *
     * @return the last segment.
     */
    public Segment leaf()
    {
        return segments.get(segments.size() - 1);
    }

    /**
     * The groups that hold the entry, outermost first.
     *
     * @return all segments but the last.
     */
    public List<Segment> groups()
    {
        return segments.subList(0, segments.size() - 1);
    }

    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder();
        for (final Segment s : segments)
        {
            text.append(text.length() == 0 ? "" : "/").append(s.name());
            if (s.type() != null)
            {
                text.append('.').append(s.type().suffix());
            }
        }
        return text.toString();
    }
}
