package dev.zom.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The journal's named checkpoints, one file each in {@code checkpoints/}, all loaded at open so that retention
 * knows every owner, including those not running now.
 */
final class Checkpoints implements AutoCloseable
{
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final String SUFFIX = ".cp";

    private final Path directory;
    private final Map<String, Checkpoint> byName = new HashMap<>();

    Checkpoints(final Path directory)
    {
        this.directory = directory;
        try
        {
            Files.createDirectories(directory);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX))
            {
                for (final Path file : files)
                {
                    final String name = file.getFileName().toString();
                    get(name.substring(0, name.length() - SUFFIX.length()));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open checkpoints in " + directory, ex);
        }
    }

    synchronized Checkpoint get(final String name)
    {
        if (!NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("invalid checkpoint name=" + name);
        }
        return byName.computeIfAbsent(name, n -> new Checkpoint(n, directory.resolve(n + SUFFIX)));
    }

    /**
     * The lowest index over every checkpoint: what every owner has passed. {@link Checkpoint#NONE} when some owner
     * has passed nothing, or when there are no checkpoints (then nobody may rely on retention deleting anything).
     */
    synchronized long lowest()
    {
        long lowest = Long.MAX_VALUE;
        for (final Checkpoint checkpoint : byName.values())
        {
            lowest = Math.min(lowest, checkpoint.get());
        }
        return byName.isEmpty() ? Checkpoint.NONE : lowest;
    }

    /**
     * Deletes a checkpoint whose owner is gone, so that it no longer holds retention back. The folder is synced
     * first, so that every checkpoint created before (the owners taking over) is on disk before this one goes, and
     * after.
     */
    synchronized void remove(final String name)
    {
        final Checkpoint checkpoint = byName.remove(name);
        if (checkpoint == null)
        {
            return;
        }
        checkpoint.close();
        try
        {
            FileSync.force(directory);
            Files.deleteIfExists(directory.resolve(name + SUFFIX));
            FileSync.force(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot remove checkpoint " + name + " in " + directory, ex);
        }
    }

    synchronized Map<String, Long> snapshot()
    {
        final Map<String, Long> values = new TreeMap<>();
        byName.forEach((name, checkpoint) -> values.put(name, checkpoint.get()));
        return values;
    }

    @Override
    public synchronized void close()
    {
        byName.values().forEach(Checkpoint::close);
        byName.clear();
    }
}
