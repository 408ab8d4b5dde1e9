package dev.zom.format;

import java.nio.file.Path;

/**
 * A child process for {@link AtomicWriteCrashTest}: rewrites one entry in a loop with large, self-checking values
 * until it is killed, printing "ready" after the first write.
 */
public final class RewriteLoop
{
    static final int PAYLOAD = 256 * 1024;

    private RewriteLoop()
    {
    }

    /**
     * Runs the loop.
     *
     * @param args the root folder and the location.
     */
    public static void main(final String[] args)
    {
        final MetaWriter writer = new MetaWriter(Roots.of(Path.of(args[0])), false);
        for (long i = 0; ; i++)
        {
            writer.write(args[1], "counter", Value.of(valueFor(i)));
            if (i == 0)
            {
                System.out.println("ready");
                System.out.flush();
            }
        }
    }

    static String valueFor(final long i)
    {
        final char fill = (char)('a' + (i % 26));
        return i + ":" + String.valueOf(fill).repeat(PAYLOAD) + ":" + i;
    }
}
