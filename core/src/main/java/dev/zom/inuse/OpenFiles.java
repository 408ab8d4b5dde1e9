package dev.zom.inuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the processes that have files under a path open, from Linux's {@code /proc/<pid>/fd} links (processes
 * whose descriptors cannot be read, e.g. of other users without privileges, are skipped). The links name real paths,
 * so the path asked about is resolved through its symbolic links first (a show folder is often one); a file a process
 * holds open twice is listed once. Stateless.
 */
public final class OpenFiles
{
    private static final Path PROC = Path.of("/proc");

    private OpenFiles()
    {
    }

    /**
     * One open file.
     *
     * @param pid     the process id.
     * @param command the process's command line.
     * @param file    the open file.
     */
    public record OpenFile(long pid, String command, Path file)
    {
    }

    /**
     * The open files under a path, by process.
     *
     * @param under a file or folder.
     * @return the open files, by pid then file.
     * @throws NoSuchFileException when there is nothing at that path (a mistyped path is not "in use by nobody").
     */
    public static List<OpenFile> under(final Path under) throws NoSuchFileException
    {
        final Path target = realPath(under);
        final List<OpenFile> open = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, p -> isPid(p.getFileName().toString())))
        {
            for (final Path process : processes)
            {
                addOpenFiles(process, target, open);
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot list /proc: " + ex.getMessage(), ex);
        }
        open.sort((a, b) -> a.pid() != b.pid() ? Long.compare(a.pid(), b.pid()) : a.file().compareTo(b.file()));
        return open.stream().distinct().toList();
    }

    private static Path realPath(final Path path) throws NoSuchFileException
    {
        try
        {
            return path.toRealPath();
        }
        catch (final NoSuchFileException ex)
        {
            throw ex;
        }
        catch (final IOException ex)
        {
            return path.toAbsolutePath().normalize();
        }
    }

    private static void addOpenFiles(final Path process, final Path target, final List<OpenFile> open)
    {
        final long pid = Long.parseLong(process.getFileName().toString());
        String command = null;
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd")))
        {
            for (final Path descriptor : descriptors)
            {
                final Path file = readLink(descriptor);
                if (file != null && file.startsWith(target))
                {
                    command = command != null ? command : command(process);
                    open.add(new OpenFile(pid, command, file));
                }
            }
        }
        catch (final IOException | SecurityException gone)
        {
            // the process ended, or its descriptors are not ours to read
        }
    }

    private static Path readLink(final Path descriptor)
    {
        try
        {
            final Path link = Files.readSymbolicLink(descriptor);
            return link.isAbsolute() ? link.normalize() : null;
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            return null;
        }
    }

    private static String command(final Path process)
    {
        try
        {
            final byte[] raw = Files.readAllBytes(process.resolve("cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        }
        catch (final IOException ex)
        {
            return "?";
        }
    }

    private static boolean isPid(final String name)
    {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
