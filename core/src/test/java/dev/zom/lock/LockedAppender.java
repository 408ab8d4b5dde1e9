package dev.zom.lock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A child process for {@link LockExclusionTest}: takes an entry's lock many times and, while holding it, appends
 * "start NAME" and "end NAME" to a shared log with a pause between, then prints "done".
 */
public final class LockedAppender
{
    private LockedAppender()
    {
    }

    /**
     * Runs the loop.
     *
     * @param args the location, the log file, a name, the number of rounds.
     * @throws IOException when the log cannot be written.
     * @throws InterruptedException when interrupted.
     */
    public static void main(final String[] args) throws IOException, InterruptedException
    {
        final Path location = Path.of(args[0]);
        final Path log = Path.of(args[1]);
        for (int i = 0; i < Integer.parseInt(args[3]); i++)
        {
            try (LockFile lock = LockFile.acquire(location, "shared", args[2], Duration.ofSeconds(10),
                Duration.ofSeconds(60)))
            {
                append(log, "start " + args[2] + "\n");
                Thread.sleep(2);
                lock.renew();
                append(log, "end " + args[2] + "\n");
            }
        }
        System.out.println("done");
        System.out.flush();
    }

    private static void append(final Path log, final String line) throws IOException
    {
        Files.writeString(log, line, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
