package dev.zom.format;

import dev.zom.ErrorCode;
import dev.zom.ZomException;

import java.nio.file.Path;

/**
 * How long what a write names may be, so that every file made for it fits the file system: a folder or file name
 * holds at most 255 bytes ({@code NAME_MAX}) and a path 4,095 ({@code PATH_MAX}). An entry's name gets more than its
 * suffix: its history imprint adds 20 bytes ({@code &YYYYMMDD-HHMMSS-mmm}) and a lock file's temporary name 38, so
 * a name (without its suffix) holds at most {@value #NAME} bytes; a location and a metapath together leave room for
 * the {@code .meta}, {@code .history} and {@code .zom-locks} folders below them and for a stage's home folder above.
 * A write past them could never be applied: the broker refuses it before the journal, the library before the disk.
 * Reads are not limited: what exists can be read.
 */
public final class PathLimits
{
    /** The longest name in a metapath, without its suffix, in bytes. */
    public static final int NAME = 200;
    /** The longest segment of a location (a folder name), in bytes. */
    public static final int SEGMENT = 255;
    /** The longest location, in bytes. */
    public static final int LOCATION = 3000;
    /** The longest metapath, in bytes. */
    public static final int METAPATH = 800;

    /** The reason given for a name longer than {@link #NAME}. */
    public static final String LONG_NAME = "a name in the metapath is longer than " + NAME + " bytes";
    /** The reason given for a metapath longer than {@link #METAPATH}. */
    public static final String LONG_METAPATH = "the metapath is longer than " + METAPATH + " bytes";
    /** The reason given for a location segment longer than {@link #SEGMENT}. */
    public static final String LONG_SEGMENT = "a folder name in the location is longer than " + SEGMENT + " bytes";
    /** The reason given for a location longer than {@link #LOCATION}. */
    public static final String LONG_LOCATION = "the location is longer than " + LOCATION + " bytes";

    private PathLimits()
    {
    }

    /**
     * Checks what a write names (locations and metapaths hold ASCII only, so a character is a byte).
     *
     * @param location a location from {@link Locations#parse}.
     * @param metapath the metapath.
     * @throws ZomException with {@link ErrorCode#BAD_LOCATION} or {@link ErrorCode#BAD_NAME} past a limit.
     */
    public static void checkWrite(final Path location, final Metapath metapath)
    {
        final String path = location.toString();
        if (path.length() > LOCATION)
        {
            throw new ZomException(ErrorCode.BAD_LOCATION, LONG_LOCATION + ": location=" + path);
        }
        int segmentStart = 0;
        for (int i = 1; i <= path.length(); i++)
        {
            if (i == path.length() || path.charAt(i) == '/')
            {
                if (i - segmentStart - 1 > SEGMENT)
                {
                    throw new ZomException(ErrorCode.BAD_LOCATION, LONG_SEGMENT + ": location=" + path);
                }
                segmentStart = i;
            }
        }
        int length = metapath.segments().size() - 1;
        for (final Metapath.Segment segment : metapath.segments())
        {
            if (segment.name().length() > NAME)
            {
                throw new ZomException(ErrorCode.BAD_NAME, LONG_NAME + ": name=" + segment.name());
            }
            length += segment.name().length() + (segment.type() == null ? 0 : segment.type().suffix().length() + 1);
        }
        if (length > METAPATH)
        {
            throw new ZomException(ErrorCode.BAD_NAME, LONG_METAPATH + ": metapath=" + metapath);
        }
    }
}
