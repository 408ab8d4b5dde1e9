package dev.zom.format;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The entries of one folder inside {@code .meta} (the {@code .meta} folder itself or a group): finds an entry by
 * name whatever its case and suffix, and moves an entry to the folder's {@code .trash}.
 */
final class MetaFolder
{
    static final String TRASH = ".trash";

    private MetaFolder()
    {
    }

    /**
     * The file name of the entry called {@code name} (any case, any known suffix), or null when there is none.
     * Checks the exact spelling first, so the common rewrite costs one stat rather than a listing.
     */
    static String find(final Path folder, final String name, final OmType likelyType)
    {
        if (likelyType != null &&
            Files.exists(folder.resolve(name + "." + likelyType.suffix()), LinkOption.NOFOLLOW_LINKS))
        {
            return name + "." + likelyType.suffix();
        }
        if (!Files.isDirectory(folder))
        {
            return null;
        }
        for (final String file : entryFiles(folder))
        {
            if (Names.sameName(Names.nameOf(file), name))
            {
                return file;
            }
        }
        return null;
    }

    /**
     * The file names of the entries in a folder: names with a known type suffix, hidden names left out.
     */
    static List<String> entryFiles(final Path folder)
    {
        final List<String> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder))
        {
            for (final Path path : stream)
            {
                final String file = path.getFileName().toString();
                if (!file.startsWith(".") && OmType.fromSuffix(Names.suffixOf(file)) != null)
                {
                    files.add(file);
                }
            }
        }
        catch (final IOException ex)
        {
            throw StorageErrors.of("cannot list folder=" + folder, ex);
        }
        return files;
    }

    /**
     * Moves an entry into the folder's {@code .trash}, first removing an older trashed entry of the same name.
     */
    static void trash(final Path folder, final String file)
    {
        final Path trash = folder.resolve(TRASH);
        try
        {
            if (!Files.isDirectory(trash))
            {
                Files.createDirectories(trash);
            }
            final String name = Names.nameOf(file);
            for (final String old : entryFiles(trash))
            {
                if (Names.sameName(Names.nameOf(old), name))
                {
                    TreeDeleter.delete(trash.resolve(old));
                }
            }
            Files.move(folder.resolve(file), trash.resolve(file), StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw StorageErrors.of("cannot move file=" + folder.resolve(file) + " to " + trash, ex);
        }
    }
}
