package dev.zom.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one writer knows of the folders inside {@code .meta} it writes to: each folder's entries by lower-case name,
 * and that its real path is inside the roots. A folder is trusted while its modification time is the one seen after
 * this writer's own last change; any other change (another writer, a symbolic link swapped in) makes the writer list
 * it and check its real path again. So a rewrite costs two {@code stat}s, not a listing and a real-path resolution.
 * Not thread-safe: owned by one {@link MetaWriter}.
 */
final class FolderCache
{
    private static final int MAX_FOLDERS = 4096;

    private final Roots roots;
    private final Map<Path, Folder> folders = new LinkedHashMap<>(256, 0.75f, true)
    {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(final Map.Entry<Path, Folder> eldest)
        {
            return size() > MAX_FOLDERS;
        }
    };

    FolderCache(final Roots roots)
    {
        this.roots = roots;
    }

    /**
     * A folder's entries, refreshed (and its confinement checked) when it changed since this writer last saw it.
     *
     * @return the folder, or null when it does not exist.
     */
    Folder get(final Path path)
    {
        final FileTime modified = modified(path);
        if (modified == null)
        {
            folders.remove(path);
            return null;
        }
        Folder folder = folders.get(path);
        if (folder == null || !folder.modified.equals(modified))
        {
            roots.checkReal(path);
            folder = new Folder(path, modified);
            for (final String file : MetaFolder.entryFiles(path))
            {
                folder.entries.put(key(Names.nameOf(file)), file);
            }
            folders.put(path, folder);
        }
        return folder;
    }

    void forget(final Path path)
    {
        folders.remove(path);
    }

    private static FileTime modified(final Path path)
    {
        try
        {
            final BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return attributes.isDirectory() ? attributes.lastModifiedTime() : null;
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException ex)
        {
            throw StorageErrors.of("cannot stat folder=" + path, ex);
        }
    }

    private static String key(final String name)
    {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * One folder's entries as this writer last saw them.
     */
    static final class Folder
    {
        final Path path;
        final Map<String, String> entries = new HashMap<>();
        FileTime modified;

        Folder(final Path path, final FileTime modified)
        {
            this.path = path;
            this.modified = modified;
        }

        /**
         * The file name of the entry with this name (any case, any suffix), or null.
         */
        String find(final String name)
        {
            return entries.get(key(name));
        }

        /**
         * Records this writer's own change: the entry's file is now {@code file} (null: gone), and the folder's
         * modification time is what it is after the change.
         */
        void changed(final String name, final String file)
        {
            if (file == null)
            {
                entries.remove(key(name));
            }
            else
            {
                entries.put(key(name), file);
            }
            final FileTime now = modified(path);
            modified = now == null ? FileTime.fromMillis(0) : now;
        }
    }
}
