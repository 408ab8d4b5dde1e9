package dev.zom.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a stage keeps things. Staged values are Open Metadata under {@code <root>/<absolute location>/.meta/};
 * everything needed to push them lives in {@code <root>/.zom-stage/}, a folder no Open Metadata reader looks in:
 * {@code tickets/} (append-only ticket segments and their done maps), {@code rejected/} (ticket records the broker
 * refused, each with a {@code .reason}), {@code identity} (client id and sequence blocks), the push and daemon lock
 * files and the daemon's status.
 *
 * @param root the stage's root folder.
 */
public record StageLayout(Path root)
{
    /** The folder name, at the stage's root, that holds zom's own files. */
    public static final String ZOM_FOLDER = ".zom-stage";
    static final String REJECTED_SUFFIX = ".ticket";
    static final String REASON_SUFFIX = ".reason";

    /**
     * The stage at {@code ~/.metastage}.
     *
     * @return the default layout.
     */
    public static StageLayout userDefault()
    {
        return new StageLayout(Path.of(System.getProperty("user.home"), ".metastage"));
    }

    /**
     * A stage at a folder.
     *
     * @param root the folder (made absolute).
     */
    public StageLayout
    {
        root = root.toAbsolutePath().normalize();
    }

    /** @return zom's folder in the stage. */
    public Path zomFolder()
    {
        return root.resolve(ZOM_FOLDER);
    }

    /** @return the folder of tickets waiting to be pushed. */
    public Path tickets()
    {
        return zomFolder().resolve("tickets");
    }

    /** @return the folder of tickets the broker refused. */
    public Path rejected()
    {
        return zomFolder().resolve("rejected");
    }

    Path identity()
    {
        return zomFolder().resolve("identity");
    }

    Path pushLock()
    {
        return zomFolder().resolve("push.lock");
    }

    Path daemonLock()
    {
        return zomFolder().resolve("daemon.lock");
    }

    /** @return the file where a running daemon reports what it does. */
    public Path daemonStatus()
    {
        return zomFolder().resolve("daemon.status");
    }

    /**
     * The ticket segments, in name order.
     *
     * @return their files.
     */
    List<Path> segments()
    {
        return list(tickets(), TicketLog.SEGMENT_SUFFIX);
    }

    /**
     * The ticket records in the rejected area.
     *
     * @return their files.
     */
    List<Path> rejectedTickets()
    {
        return list(rejected(), REJECTED_SUFFIX);
    }

    private static List<Path> list(final Path folder, final String suffix)
    {
        try (Stream<Path> files = Files.list(folder))
        {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
        catch (final NoSuchFileException none)
        {
            return List.of();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Where a location's staged Open Metadata lives.
     *
     * @param location an absolute location.
     * @return its folder in the stage.
     */
    public Path viewOf(final Path location)
    {
        return root.resolve(location.getRoot().relativize(location));
    }
}
