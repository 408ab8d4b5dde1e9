package dev.zom.broker;

import dev.zom.format.Roots;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Whether each root of a disk writer (or of a query thread) is still on the file system it was on when the broker
 * started. A share unmounted under a running broker (an automounter's timeout, an NFS server rebooted, a clumsy
 * admin) leaves its root an empty folder of the disk below, and the writer went on writing there without a word: the
 * acknowledged writes landed on the wrong disk, hidden once the share was mounted again, and the checkpoint passed
 * them. A root that moved makes its locations wait, as a failing volume does, until it is back (and its reads be
 * refused). Checking costs a {@code stat} of the root (~2.6 µs on the bench VM, where applying a new entry takes
 * ~60) at most every {@link #CHECK_NANOS} while it is where it was; only when its device or inode changed is the
 * file store asked for its name (a share mounted again gets another device number, a root deleted and made again
 * another inode: both are taken back; a root gone is judged by the folder above it, where the writer would make it
 * again). It looks into the root ({@code root/.}), as a write would, so that an automounter mounts again a share it
 * expired for being idle instead of showing its own folder. Not thread-safe: each writer and query thread has its
 * own.
 */
final class RootMounts
{
    /** How long a root found where it was is taken to stay there: the writes that could land beside it meanwhile. */
    static final long CHECK_NANOS = 1_000_000L;

    private final Roots roots;
    /** By the root's position in {@link #roots}; null for a root that is not checked. */
    private final Mount[] mounts;

    /**
     * One root, the file store it started on, and its folder's identity (device and inode) last found there.
     */
    private static final class Mount
    {
        final Path root;
        /** The root as a path that goes into it ({@code root/.}), so that an automounter mounts it if it expired it. */
        final Path inside;
        final String name;
        final String type;
        Object key;
        long foundAtNanos;

        /** The root as it is now, or null when its file store cannot be told. */
        static Mount of(final Path root)
        {
            try
            {
                return new Mount(root);
            }
            catch (final IOException unknown)
            {
                return null;
            }
        }

        private Mount(final Path root) throws IOException
        {
            this.root = root;
            this.inside = root.resolve(".");
            final FileStore store = Files.getFileStore(inside);
            this.name = store.name();
            this.type = store.type();
            this.key = keyOf(inside);
            this.foundAtNanos = System.nanoTime();
        }
    }

    /**
     * Notes the file system each root is on now. A root whose file store cannot be told (a container whose mount
     * table does not list it) is not checked.
     *
     * @param roots the writer's roots.
     */
    RootMounts(final List<Path> roots)
    {
        this.roots = Roots.of(roots);
        this.mounts = new Mount[roots.size()];
        for (int i = 0; i < mounts.length; i++)
        {
            mounts[i] = Mount.of(this.roots.paths().get(i));
        }
    }

    /**
     * Why the root of a location is not on its file system now.
     *
     * @param location a location under one of the roots (normalised, as the broker's validation leaves it).
     * @return a sentence naming the root and both file systems, or null when it is where it was.
     */
    String moved(final Path location)
    {
        final Mount mount = mounts[roots.rootOf(location)];
        final long now = System.nanoTime();
        if (mount == null || now - mount.foundAtNanos < CHECK_NANOS)
        {
            return null;
        }
        try
        {
            final Object key = keyOf(mount.inside);
            if (key != null && key.equals(mount.key))
            {
                mount.foundAtNanos = now;
                return null;
            }
            final FileStore store = Files.getFileStore(nearestFolder(mount.root).resolve("."));
            if (store.name().equals(mount.name) && store.type().equals(mount.type))
            {
                mount.key = key;
                mount.foundAtNanos = now;
                return null;
            }
            return "root=" + mount.root + " is on " + store.name() + " (" + store.type() + ") now, not on " +
                mount.name + " (" + mount.type + ") as when the broker started: unmounted? (Mounted only after the " +
                "broker started? Then restart it.)";
        }
        catch (final IOException ex)
        {
            return "root=" + mount.root + " cannot be read (" + ex + "): unmounted?";
        }
    }

    /** The folder's device and inode, or null when it is gone. */
    private static Object keyOf(final Path folder) throws IOException
    {
        try
        {
            return Files.readAttributes(folder, BasicFileAttributes.class).fileKey();
        }
        catch (final NoSuchFileException gone)
        {
            return null;
        }
    }

    private static Path nearestFolder(final Path root)
    {
        Path folder = root;
        while (folder.getParent() != null && !Files.isDirectory(folder))
        {
            folder = folder.getParent();
        }
        return folder;
    }
}
