package dev.zom.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker's roots grouped by the file store (physical disk or mount) that holds them: each group gets one disk
 * writer, so disks never contend and a slow disk delays only its own trees. A store is named after the file
 * system's name ({@code /dev/sdb1}, {@code tank/shows}, {@code server:/export}), or by configuration (for tests, or
 * to split or join stores by hand). Not after its device number as well: ZFS datasets, NFS and btrfs get theirs at
 * mount time, so a reboot renamed their writers (see {@link WriterCheckpoints}). Two file systems of one name (two
 * tmpfs mounts) share a writer.
 */
final class Stores
{
    private final List<Store> stores;

    /**
     * One file store and the roots on it.
     *
     * @param name  a name usable in file names and metric labels.
     * @param roots the roots on this store.
     */
    record Store(String name, List<Path> roots)
    {
        /** What every disk writer's checkpoint name starts with. */
        static final String CHECKPOINT_PREFIX = "writer-";

        String checkpointName()
        {
            return CHECKPOINT_PREFIX + name;
        }
    }

    Stores(final List<Path> roots, final Map<Path, String> configured)
    {
        final Map<String, List<Path>> byName = new LinkedHashMap<>();
        for (final Path root : roots)
        {
            final String name = configured.containsKey(root) ? configured.get(root) : storeName(root);
            byName.computeIfAbsent(sanitise(name), n -> new ArrayList<>()).add(root);
        }
        final List<Store> list = new ArrayList<>();
        byName.forEach((name, paths) -> list.add(new Store(name, List.copyOf(paths))));
        stores = List.copyOf(list);
    }

    List<Store> all()
    {
        return stores;
    }

    /**
     * The store holding a location (the one with the longest root that is a prefix of it), or null.
     */
    Store storeOf(final String location)
    {
        Store best = null;
        int bestLength = -1;
        for (final Store store : stores)
        {
            for (final Path root : store.roots())
            {
                final String prefix = root.toString();
                if ((location.equals(prefix) || location.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")) &&
                    prefix.length() > bestLength)
                {
                    best = store;
                    bestLength = prefix.length();
                }
            }
        }
        return best;
    }

    /**
     * The store of each root, in the order given, by {@link #storeOf}: what the allocation-free lookups by root index
     * ({@code RequestValidator.rootOf}) map to a store, so that the query threads ({@link QueryRouter},
     * {@link StoreLocations}) split locations among the disks as the disk writers do.
     */
    Store[] ofRoots(final List<Path> roots)
    {
        final Store[] of = new Store[roots.size()];
        for (int i = 0; i < of.length; i++)
        {
            of[i] = storeOf(roots.get(i).toString());
        }
        return of;
    }

    private static String storeName(final Path root)
    {
        try
        {
            Files.createDirectories(root);
            return Files.getFileStore(root).name();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot find the file store of root=" + root, ex);
        }
    }

    private static String sanitise(final String name)
    {
        final String clean = name.replaceAll("[^A-Za-z0-9_-]+", "-").replaceAll("^-+|-+$", "");
        return clean.isEmpty() ? "store" : clean;
    }
}
