package dev.zom.stage;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What a stage holds now and what its daemon last reported, for {@code zom stage-daemon --status} and
 * {@code zom stat}.
 *
 * @param layout   the stage.
 * @param staged   commits waiting to be pushed.
 * @param rejected ticket records in the rejected area.
 * @param daemon   the daemon's last report (pid, state, last push...), empty when none ever ran.
 */
public record StageStatus(StageLayout layout, long staged, long rejected, Properties daemon)
{
    /**
     * Reads a stage's status.
     *
     * @param layout the stage.
     * @return its status.
     */
    public static StageStatus of(final StageLayout layout)
    {
        final Properties daemon = new Properties();
        try (Reader in = Files.newBufferedReader(layout.daemonStatus()))
        {
            daemon.load(in);
        }
        catch (final NoSuchFileException none)
        {
            daemon.clear();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return new StageStatus(layout, countTickets(layout), layout.rejectedTickets().size(), daemon);
    }

    /**
     * The lines {@code zom stage-daemon --status} prints.
     *
     * @return the status, one fact per line.
     */
    public List<String> describe()
    {
        final List<String> lines = new ArrayList<>();
        lines.add("stage " + layout.root() + ": " + staged + " staged, " + rejected + " rejected" +
            (rejected > 0 ? " (see " + layout.rejected() + ")" : ""));
        if (daemon.isEmpty())
        {
            lines.add("daemon: never ran on this stage");
            return lines;
        }
        final String pid = daemon.getProperty(StageDaemon.PID, "?");
        final boolean alive = ProcessHandle.of(parsePid(pid)).map(ProcessHandle::isAlive).orElse(false);
        final String state = daemon.getProperty(StageDaemon.STATE, "?");
        lines.add("daemon: " + (alive || StageDaemon.STOPPED.equals(state) ? state : "dead (last said: " + state +
            ")") + ", pid " + pid + ", since " + daemon.getProperty(StageDaemon.SINCE, "?"));
        lines.add("last push: " + daemon.getProperty(StageDaemon.LAST_PUSH, "none yet"));
        final String lastError = daemon.getProperty(StageDaemon.LAST_ERROR);
        if (lastError != null)
        {
            lines.add("last error: " + lastError);
        }
        return lines;
    }

    private static long parsePid(final String pid)
    {
        try
        {
            return Long.parseLong(pid);
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    /**
     * How many commits are staged and not yet done (reads every segment).
     *
     * @param layout the stage.
     * @return the count.
     */
    static long countTickets(final StageLayout layout)
    {
        final TicketCodec codec = new TicketCodec();
        long count = 0;
        for (final Path file : layout.segments())
        {
            try (Segment segment = Segment.read(file, codec))
            {
                count += segment == null ? 0 : segment.pending().size();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        return count;
    }

    /**
     * A number that changes whenever a commit is appended or a segment comes or goes: the segments' count and total
     * size (one directory listing and a stat per segment, cheap enough to poll).
     */
    static long fingerprint(final StageLayout layout)
    {
        final List<Path> segments = layout.segments();
        long bytes = 0;
        for (final Path file : segments)
        {
            bytes += file.toFile().length();
        }
        return bytes * 1_000_003L + segments.size();
    }
}
