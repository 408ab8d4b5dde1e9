package dev.zom.lock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lists the lock files under a root, held or stale ({@code zom lock --list}). Stateless.
 */
public final class LockFiles
{
    private LockFiles()
    {
    }

    /**
     * One lock file.
     *
     * @param file  the file.
     * @param owner its owner, as written in it (host, pid, client, lease; not the token).
     * @param held  whether its lease is live.
     */
    public record Lock(Path file, String owner, boolean held)
    {
    }

    /**
     * The lock files under a root, sorted by path.
     *
     * @param root a folder.
     * @return the locks.
     */
    public static List<Lock> under(final Path root)
    {
        final List<Lock> locks = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path file : (Iterable<Path>)walk.sorted()::iterator)
            {
                if (file.toString().endsWith(".lock") && file.toString().contains("/" + LockFile.FOLDER + "/"))
                {
                    final long expiry = LockFile.expiry(file);
                    locks.add(new Lock(file, LockFile.holderIn(file), expiry > System.currentTimeMillis()));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot list locks under " + root + ": " + ex.getMessage(), ex);
        }
        return locks;
    }
}
