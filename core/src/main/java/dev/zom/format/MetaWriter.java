package dev.zom.format;

import dev.zom.ErrorCode;
import dev.zom.ZomException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * Writes entries into Open Metadata trees below a set of {@link Roots}, byte for byte as the reference library
 * would: missing groups are created as {@code .dict} (or {@code .list} when spelled so), a name keeps its first
 * spelling whatever the case of later writes, a type change moves the old entry to the folder's {@code .trash}, and
 * every value file is replaced atomically through a temporary file outside {@code .meta}.
 *
 * <p>Not thread-safe: each writing thread owns one. Several writers (threads or processes) may share roots.
 */
public final class MetaWriter implements AutoCloseable
{
    /** The folder, beside an entry, that keeps its history (RFC14). */
    public static final String HISTORY = ".history";
    private static final DateTimeFormatter HISTORY_STAMP =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final Roots roots;
    private final AtomicFileWriter[] files;
    private final ByteSink sink = new ByteSink();
    private final FolderCache folders;

    /**
     * A writer confined to the given roots.
     *
     * @param roots the folders it may write under.
     * @param sync  whether each write fsyncs its file and folder before returning.
     */
    public MetaWriter(final Roots roots, final boolean sync)
    {
        this.roots = roots;
        this.folders = new FolderCache(roots);
        this.files = new AtomicFileWriter[roots.paths().size()];
        for (int i = 0; i < files.length; i++)
        {
            files[i] = new AtomicFileWriter(roots.paths().get(i), sync);
        }
    }

    /**
     * Validates and writes one value.
     *
     * @param location an absolute location.
     * @param metapath a metapath such as {@code a/b/c}.
     * @param value    the value; a suffix in the metapath must agree with its type.
     * @return the file written.
     * @throws ZomException when the input is invalid, outside the roots, or the write failed.
     */
    public Path write(final String location, final String metapath, final Value value)
    {
        return write(Locations.parse(location), Metapath.parse(metapath), value);
    }

    /**
     * Writes one value at a parsed location and metapath.
     *
     * @param location a location from {@link Locations#parse}.
     * @param metapath the metapath.
     * @param value    the value; a suffix in the metapath must agree with its type.
     * @return the file written.
     */
    public Path write(final Path location, final Metapath metapath, final Value value)
    {
        final Value typed = Values.coerce(value, metapath.leaf().type());
        sink.reset();
        JsonEncoder.encode(typed, sink);
        return writeEncoded(location, metapath, typed.type(), sink.array(), sink.length());
    }

    /**
     * Writes content already encoded by {@link JsonEncoder} for the given type.
     *
     * @param location a location from {@link Locations#parse}.
     * @param metapath the metapath.
     * @param type     the value's type.
     * @param content  the encoded bytes.
     * @param length   how many of them.
     * @return the file written.
     */
    public Path writeEncoded(
        final Path location, final Metapath metapath, final OmType type, final byte[] content, final int length)
    {
        if (type.isGroup())
        {
            throw new ZomException(ErrorCode.TYPE_MISMATCH, "type=" + type.suffix() + " is a group, not a value");
        }
        PathLimits.checkWrite(location, metapath);
        final int root = roots.rootOf(location);
        return writeEntry(files[root], folderOf(location, metapath), metapath.leaf().name(), type, content, length);
    }

    /**
     * Keeps a value in the entry's history (RFC14): {@code .history/<name>&<YYYYMMDD-HHMMSS-mmm>/} beside the entry,
     * holding {@code user.string} and {@code value.<suffix>}, moved into place whole. A later imprint with the same
     * time stamp takes the next free millisecond, so replaying the same journal names imprints the same way.
     *
     * @param location   a location from {@link Locations#parse}.
     * @param metapath   the entry's metapath.
     * @param value      the value to keep.
     * @param user       who wrote it.
     * @param timeMillis when it was replaced or superseded (broker time).
     * @return the imprint's folder.
     */
    public Path writeHistory(
        final Path location, final Metapath metapath, final Value value, final String user, final long timeMillis)
    {
        PathLimits.checkWrite(location, metapath);
        final int root = roots.rootOf(location);
        final FolderCache.Folder folder = folderOf(location, metapath);
        final Path history = folder.path.resolve(HISTORY);
        roots.ensureFolder(history);
        final String name = historyName(folder, metapath);
        long stamp = timeMillis;
        Path imprint = imprint(history, name, stamp);
        while (Files.exists(imprint))
        {
            stamp++;
            imprint = imprint(history, name, stamp);
        }
        files[root].writeFolder(imprint, new String[] {"user.string", "value." + value.type().suffix()},
            new byte[][] {JsonEncoder.toBytes(Value.of(user)), JsonEncoder.toBytes(value)});
        return imprint;
    }

    /**
     * The imprint the entry's history already holds from this time: one at {@code timeMillis} or at a later
     * millisecond it was moved on to ({@link #writeHistory}), holding this user and exactly this value, or any value
     * when {@code value} is null. A write applied again (after a crash between a disk writer's files and its
     * checkpoint) finds its losers this way instead of keeping them twice.
     *
     * @param location   a location from {@link Locations#parse}.
     * @param metapath   the entry's metapath.
     * @param value      the value kept, or null for any.
     * @param user       who wrote it.
     * @param timeMillis when it was replaced or superseded (broker time).
     * @return the imprint's folder, or null when there is none.
     */
    public Path findHistory(
        final Path location, final Metapath metapath, final Value value, final String user, final long timeMillis)
    {
        final FolderCache.Folder folder = folderOf(location, metapath);
        final Path history = folder.path.resolve(HISTORY);
        final String name = historyName(folder, metapath);
        for (long stamp = timeMillis; ; stamp++)
        {
            final Path imprint = imprint(history, name, stamp);
            if (!Files.isDirectory(imprint))
            {
                return null;
            }
            if (holds(imprint, value, user))
            {
                return imprint;
            }
        }
    }

    /** The name an entry's imprints carry: the entry's own spelling when it exists. */
    private static String historyName(final FolderCache.Folder folder, final Metapath metapath)
    {
        final String existing = folder.find(metapath.leaf().name());
        return existing == null ? metapath.leaf().name() : Names.nameOf(existing);
    }

    private static Path imprint(final Path history, final String name, final long stamp)
    {
        return history.resolve(name + "&" + HISTORY_STAMP.format(Instant.ofEpochMilli(stamp)));
    }

    private static boolean holds(final Path imprint, final Value value, final String user)
    {
        try
        {
            if (value != null)
            {
                final Path valueFile = imprint.resolve("value." + value.type().suffix());
                if (!Files.isRegularFile(valueFile) ||
                    !Arrays.equals(Files.readAllBytes(valueFile), JsonEncoder.toBytes(value)))
                {
                    return false;
                }
            }
            final byte[] kept = Files.readAllBytes(imprint.resolve("user.string"));
            return Arrays.equals(kept, JsonEncoder.toBytes(Value.of(user)));
        }
        catch (final IOException ex)
        {
            throw StorageErrors.of("cannot read history imprint=" + imprint, ex);
        }
    }

    /**
     * The current value of an entry, or null when it has none.
     *
     * @param location a location from {@link Locations#parse}.
     * @param metapath the entry's metapath.
     * @return the value or null.
     */
    public Value current(final Path location, final Metapath metapath)
    {
        try
        {
            final MetaEntry entry = MetaReader.find(location, metapath);
            return entry.type().isGroup() ? null : MetaReader.readFile(entry.path(), entry.type());
        }
        catch (final ZomException ex)
        {
            if (ex.code() == ErrorCode.NOT_FOUND)
            {
                return null;
            }
            throw ex;
        }
    }

    private FolderCache.Folder folderOf(final Path location, final Metapath metapath)
    {
        final Path meta = location.resolve(Locations.META);
        FolderCache.Folder folder = folders.get(meta);
        if (folder == null)
        {
            roots.ensureFolder(meta);
            folder = folders.get(meta);
        }
        for (final Metapath.Segment group : metapath.groups())
        {
            folder = enterGroup(folder, group);
        }
        return folder;
    }

    private FolderCache.Folder enterGroup(final FolderCache.Folder parent, final Metapath.Segment group)
    {
        final String existing = parent.find(group.name());
        final OmType existingType = existing == null ? null : OmType.fromSuffix(Names.suffixOf(existing));
        if (existingType != null && existingType.isGroup() && (group.type() == null || group.type() == existingType))
        {
            final FolderCache.Folder folder = folders.get(parent.path.resolve(existing));
            if (folder != null)
            {
                return folder;
            }
        }
        final String name = existing == null ? group.name() : Names.nameOf(existing);
        if (existing != null)
        {
            MetaFolder.trash(parent.path, existing);
            folders.forget(parent.path.resolve(existing));
        }
        final String file = name + "." + (group.type() != null ? group.type() : OmType.DICT).suffix();
        final Path created = parent.path.resolve(file);
        try
        {
            Files.createDirectory(created);
        }
        catch (final IOException ex)
        {
            if (!Files.isDirectory(created))
            {
                throw StorageErrors.of("cannot create group=" + created, ex);
            }
        }
        parent.changed(name, file);
        return folders.get(created);
    }

    private Path writeEntry(
        final AtomicFileWriter file,
        final FolderCache.Folder folder,
        final String name,
        final OmType type,
        final byte[] content,
        final int length)
    {
        final String existing = folder.find(name);
        OmType finalType = type;
        String finalName = name;
        if (existing != null)
        {
            final OmType existingType = OmType.fromSuffix(Names.suffixOf(existing));
            finalName = Names.nameOf(existing);
            if (existingType == OmType.TEXT && type == OmType.STRING)
            {
                finalType = OmType.TEXT;
            }
            if (existingType != finalType)
            {
                MetaFolder.trash(folder.path, existing);
                folders.forget(folder.path.resolve(existing));
            }
        }
        final String fileName = finalName + "." + finalType.suffix();
        final Path target = folder.path.resolve(fileName);
        file.write(target, content, length);
        folder.changed(finalName, fileName);
        return target;
    }

    /**
     * Removes the roots' temporary folders when they are empty (other writers may still be using them).
     */
    @Override
    public void close()
    {
        for (final Path root : roots.paths())
        {
            try
            {
                Files.deleteIfExists(AtomicFileWriter.tempFolderOf(root));
            }
            catch (final IOException ignored)
            {
                // not empty: another writer is using it, or a crash left a file there
            }
        }
    }
}
