package dev.zom.format;

import dev.zom.ErrorCode;
import dev.zom.ZomException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads values and listings from Open Metadata trees. Names match whatever their case; a suffix in the metapath
 * must match the stored type. Content may be surrounded by whitespace, an empty file holds its type's default, and
 * content that cannot be read as its type is an error naming the file. Stateless and thread-safe.
 */
public final class MetaReader
{
    /**
     * The largest value file read, in bytes: an Open Metadata value is small, and a file of gigabytes dropped into a
     * {@code .meta} folder must not take a broker's heap when a client reads it.
     */
    public static final long MAX_FILE_BYTES = 4L << 20;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private MetaReader()
    {
    }

    /**
     * Reads one value.
     *
     * @param location an absolute location.
     * @param metapath a metapath.
     * @return the value.
     * @throws ZomException with {@link ErrorCode#NOT_FOUND} when there is no such entry, {@link ErrorCode#UNREADABLE}
     *                      when its content is not its type.
     */
    public static Value read(final String location, final String metapath)
    {
        return read(Locations.parse(location), Metapath.parse(metapath));
    }

    /**
     * Reads one value at a parsed location and metapath.
     *
     * @param location a location from {@link Locations#parse}.
     * @param metapath the metapath.
     * @return the value.
     */
    public static Value read(final Path location, final Metapath metapath)
    {
        final MetaEntry entry = find(location, metapath);
        if (entry.type().isGroup())
        {
            throw new ZomException(ErrorCode.TYPE_MISMATCH, "metapath=" + metapath + " is a group; list it instead");
        }
        return readFile(entry.path(), entry.type());
    }

    /**
     * Lists the entries of a location, or of a group in it, sorted by name; hidden names are left out.
     *
     * @param location a location from {@link Locations#parse}.
     * @param group    the group's metapath, or null for the location itself.
     * @return the entries.
     */
    public static List<MetaEntry> list(final Path location, final Metapath group)
    {
        final Path folder;
        if (group == null)
        {
            folder = location.resolve(Locations.META);
        }
        else
        {
            final MetaEntry entry = find(location, group);
            if (!entry.type().isGroup())
            {
                throw new ZomException(ErrorCode.TYPE_MISMATCH, "metapath=" + group + " is a value, not a group");
            }
            folder = entry.path();
        }
        if (!Files.isDirectory(folder))
        {
            throw new ZomException(ErrorCode.NOT_FOUND, "no metadata at location=" + location);
        }
        final List<MetaEntry> entries = new ArrayList<>();
        for (final String file : MetaFolder.entryFiles(folder))
        {
            entries.add(new MetaEntry(Names.nameOf(file), OmType.fromSuffix(Names.suffixOf(file)),
                folder.resolve(file)));
        }
        entries.sort(Comparator.comparing(MetaEntry::name, String.CASE_INSENSITIVE_ORDER));
        return entries;
    }

    /**
     * Finds an entry by metapath.
     *
     * @param location a location from {@link Locations#parse}.
     * @param metapath the metapath.
     * @return the entry.
     * @throws ZomException with {@link ErrorCode#NOT_FOUND} when it is missing or of another type than spelled.
     */
    public static MetaEntry find(final Path location, final Metapath metapath)
    {
        Path folder = location.resolve(Locations.META);
        MetaEntry entry = null;
        for (final Metapath.Segment segment : metapath.segments())
        {
            if (entry != null && !entry.type().isGroup())
            {
                throw notFound(location, metapath);
            }
            final String file = MetaFolder.find(folder, segment.name(), segment.type());
            final OmType type = file == null ? null : OmType.fromSuffix(Names.suffixOf(file));
            if (type == null || (segment.type() != null && segment.type() != type))
            {
                throw notFound(location, metapath);
            }
            entry = new MetaEntry(Names.nameOf(file), type, folder.resolve(file));
            folder = entry.path();
        }
        return entry;
    }

    /**
     * Reads a value file as its type.
     *
     * @param file the file.
     * @param type its type.
     * @return the value.
     * @throws ZomException with {@link ErrorCode#UNREADABLE} naming the file when the content is not its type.
     */
    public static Value readFile(final Path file, final OmType type)
    {
        final String text;
        try
        {
            final BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile())
            {
                throw new ZomException(ErrorCode.UNREADABLE, "cannot read file=" + file + ": not a regular file " +
                    "(a named pipe or a device would hold the reader until someone writes to it)");
            }
            if (attributes.size() > MAX_FILE_BYTES)
            {
                throw new ZomException(ErrorCode.UNREADABLE, "cannot read file=" + file + ": " + attributes.size() +
                    " bytes, more than the " + MAX_FILE_BYTES + " a value file may hold to be read");
            }
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
        }
        catch (final IOException ex)
        {
            throw StorageErrors.of("cannot read file=" + file, ex);
        }
        try
        {
            return text.isEmpty() ? defaultOf(type) : Values.fromJson(JsonReader.parse(text), type);
        }
        catch (final ZomException ex)
        {
            throw new ZomException(ErrorCode.UNREADABLE, "cannot read file=" + file + " as type=" + type.suffix() +
                ": " + ex.getMessage(), ex);
        }
    }

    /**
     * The value an empty file of this type holds.
     *
     * @param type a value type.
     * @return its default; for a date, the current UTC time.
     */
    public static Value defaultOf(final OmType type)
    {
        return switch (type)
        {
            case BOOL -> new Value.BoolValue(false);
            case INT -> new Value.IntValue(0);
            case FLOAT -> new Value.FloatValue(0.0);
            case STRING -> new Value.StringValue("", false);
            case TEXT -> new Value.StringValue("", true);
            case TUPLE -> new Value.TupleValue(List.of());
            case NULL -> new Value.NullValue();
            case DATE -> new Value.DateValue(DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
            case DICT, LIST -> throw new ZomException(ErrorCode.TYPE_MISMATCH, "a group has no value");
        };
    }

    private static ZomException notFound(final Path location, final Metapath metapath)
    {
        return new ZomException(ErrorCode.NOT_FOUND, "no entry metapath=" + metapath + " at location=" + location);
    }
}
