package dev.zom.broker;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The broker's error log: each distinct message is printed once per interval with how often it happened since, so
 * a failure repeated a million times costs a counter, not a million lines. It keeps at most {@link #MAX_KEPT}
 * messages: past that it forgets those quiet for an interval (printing what they held back first), and prints a
 * message it has no room for at once, so errors that name a path or an index each (a refused write per entry, a
 * damaged journal region) cannot grow the broker's heap without bound. Intervals are measured on the monotonic
 * clock: with the wall clock, a message printed before the clock was set back a day was not printed again for a day.
 * Thread-safe.
 */
final class ErrorLog
{
    static final long INTERVAL_MILLIS = 10_000;
    static final int MAX_KEPT = 1_000;
    /** How often at most it looks for quiet messages to forget: a storm of new ones must not scan at each. */
    static final long FORGET_EVERY_MILLIS = 1_000;

    private final PrintStream out;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, long[]> seen = new ConcurrentHashMap<>();
    private final AtomicLong distinct = new AtomicLong();
    private final AtomicLong nextForget = new AtomicLong(Long.MIN_VALUE);

    ErrorLog(final PrintStream out)
    {
        this(out, () -> System.nanoTime() / 1_000_000);
    }

    ErrorLog(final PrintStream out, final LongSupplier clock)
    {
        this.out = out;
        this.clock = clock;
    }

    void log(final String role, final String message)
    {
        final long now = clock.getAsLong();
        final String line = role + ": " + message;
        long[] state = seen.get(line);
        if (state == null)
        {
            distinct.incrementAndGet();
            if (seen.size() >= MAX_KEPT && now >= nextForget.get())
            {
                nextForget.set(now + FORGET_EVERY_MILLIS);
                forgetQuiet(now);
            }
            if (seen.size() >= MAX_KEPT)
            {
                out.println("zom: " + line);
                return;
            }
            state = seen.computeIfAbsent(line, k -> new long[] {now - INTERVAL_MILLIS, 0});
        }
        synchronized (state)
        {
            state[1]++;
            if (now - state[0] >= INTERVAL_MILLIS)
            {
                print(line, state);
                state[0] = now;
            }
        }
    }

    private void forgetQuiet(final long now)
    {
        for (final Map.Entry<String, long[]> kept : seen.entrySet())
        {
            final long[] state = kept.getValue();
            synchronized (state)
            {
                if (now - state[0] >= INTERVAL_MILLIS)
                {
                    if (state[1] > 0)
                    {
                        print(kept.getKey(), state);
                    }
                    seen.remove(kept.getKey(), state);
                }
            }
        }
    }

    private void print(final String line, final long[] state)
    {
        out.println("zom: " + line + (state[1] > 1 ? " (x" + state[1] + ")" : ""));
        state[1] = 0;
    }

    /**
     * @return how many messages since the start were not repeats of one it was counting (every distinct message, and
     *         again each one it had no room to count).
     */
    long distinct()
    {
        return distinct.get();
    }

    /**
     * @return how many messages it keeps counting now.
     */
    int kept()
    {
        return seen.size();
    }
}
