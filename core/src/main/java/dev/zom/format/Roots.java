package dev.zom.format;

import dev.zom.ErrorCode;
import dev.zom.ZomException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders a writer may write under. A location is inside when its normalised path is below a root and, before
 * anything is created or changed in a folder, that folder's real path (symbolic links resolved) is below a root's
 * real path too. Immutable and thread-safe.
 */
public final class Roots
{
    private final List<Path> paths;
    private final List<Path> realPaths;

    private Roots(final List<Path> paths, final List<Path> realPaths)
    {
        this.paths = paths;
        this.realPaths = realPaths;
    }

    /**
     * Roots at these folders, created when missing.
     *
     * @param roots absolute folders.
     * @return the roots.
     * @throws ZomException when a root is not absolute or cannot be created.
     */
    public static Roots of(final List<Path> roots)
    {
        if (roots.isEmpty())
        {
            throw new ZomException(ErrorCode.BAD_LOCATION, "at least one root is needed");
        }
        final List<Path> paths = new ArrayList<>();
        final List<Path> realPaths = new ArrayList<>();
        for (final Path root : roots)
        {
            if (!root.isAbsolute())
            {
                throw new ZomException(ErrorCode.BAD_LOCATION, "root must be absolute, root=" + root);
            }
            try
            {
                Files.createDirectories(root);
                paths.add(root.normalize());
                realPaths.add(root.toRealPath());
            }
            catch (final IOException ex)
            {
                throw StorageErrors.of("cannot create root=" + root, ex);
            }
        }
        return new Roots(List.copyOf(paths), List.copyOf(realPaths));
    }

    /**
     * Roots at these folders, created when missing.
     *
     * @param roots absolute folders.
     * @return the roots.
     */
    public static Roots of(final Path... roots)
    {
        return of(List.of(roots));
    }

    /**
     * The root folders as given, normalised.
     *
     * @return the roots.
     */
    public List<Path> paths()
    {
        return paths;
    }

    /**
     * The root that holds a location, judged on the normalised path; the longest one when roots nest.
     *
     * @param location a normalised absolute location.
     * @return the root's index in {@link #paths()}.
     * @throws ZomException with {@link ErrorCode#OUTSIDE_ROOTS} when no root holds it.
     */
    public int rootOf(final Path location)
    {
        int best = -1;
        for (int i = 0; i < paths.size(); i++)
        {
            if (location.startsWith(paths.get(i)) && (best < 0 || paths.get(i).getNameCount() >
                paths.get(best).getNameCount()))
            {
                best = i;
            }
        }
        if (best < 0)
        {
            throw new ZomException(ErrorCode.OUTSIDE_ROOTS, "location=" + location + " is outside the roots=" + paths);
        }
        return best;
    }

    /**
     * Checks an existing folder's real path is below a root's real path, so it is safe to change things in it.
     *
     * @param folder an existing folder.
     * @throws ZomException with {@link ErrorCode#OUTSIDE_ROOTS} when it resolves outside every root.
     */
    public void checkReal(final Path folder)
    {
        final Path real;
        try
        {
            real = folder.toRealPath();
        }
        catch (final IOException ex)
        {
            throw StorageErrors.of("cannot resolve folder=" + folder, ex);
        }
        for (final Path root : realPaths)
        {
            if (real.startsWith(root))
            {
                return;
            }
        }
        throw new ZomException(ErrorCode.OUTSIDE_ROOTS,
            "folder=" + folder + " resolves to " + real + ", outside the roots=" + paths);
    }

    /**
     * Makes a folder exist: checks the deepest existing ancestor is really inside the roots, then creates the
     * missing folders below it one at a time.
     *
     * @param folder the folder.
     */
    public void ensureFolder(final Path folder)
    {
        if (Files.isDirectory(folder))
        {
            return;
        }
        Path existing = folder.getParent();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS))
        {
            existing = existing.getParent();
        }
        if (existing == null)
        {
            throw new ZomException(ErrorCode.BAD_LOCATION, "no existing ancestor of folder=" + folder);
        }
        checkReal(existing);
        for (int i = existing.getNameCount(); i < folder.getNameCount(); i++)
        {
            createFolder(folder.getRoot().resolve(folder.subpath(0, i + 1)));
        }
    }

    private static void createFolder(final Path folder)
    {
        try
        {
            Files.createDirectory(folder);
        }
        catch (final FileAlreadyExistsException ex)
        {
            if (!Files.isDirectory(folder))
            {
                throw new ZomException(ErrorCode.BAD_LOCATION, "not a folder: " + folder);
            }
        }
        catch (final IOException ex)
        {
            throw StorageErrors.of("cannot create folder=" + folder, ex);
        }
    }
}
