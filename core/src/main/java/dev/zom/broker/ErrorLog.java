package dev.zom.broker;

import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker's error log: each distinct message is printed once per interval with how often it happened since, so
 * a failure repeated a million times costs a counter, not a million lines. Thread-safe.
 */
final class ErrorLog
{
    private static final long INTERVAL_MILLIS = 10_000;

    private final PrintStream out;
    private final ConcurrentHashMap<String, long[]> seen = new ConcurrentHashMap<>();

    ErrorLog(final PrintStream out)
    {
        this.out = out;
    }

    void log(final String role, final String message)
    {
        final long now = System.currentTimeMillis();
        final long[] state = seen.computeIfAbsent(role + ": " + message, k -> new long[] {0, 0});
        synchronized (state)
        {
            state[1]++;
            if (now - state[0] >= INTERVAL_MILLIS)
            {
                out.println("zom: " + role + ": " + message + (state[1] > 1 ? " (x" + state[1] + ")" : ""));
                state[0] = now;
                state[1] = 0;
            }
        }
    }

    int distinct()
    {
        return seen.size();
    }
}
