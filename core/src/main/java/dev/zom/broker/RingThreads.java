package dev.zom.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * Makes the ring's handler threads and waits for them at close. The Disruptor's shutdown returns once the ring is
 * drained and its handlers are told to halt, not once they have: without the wait, the journal handler could still
 * be saving the dedup snapshot and closing its appender while the broker closes the journal under it.
 */
final class RingThreads implements ThreadFactory
{
    private final List<Thread> threads = new ArrayList<>();

    @Override
    public synchronized Thread newThread(final Runnable runnable)
    {
        final Thread thread = new Thread(runnable, "zom-ring");
        threads.add(thread);
        return thread;
    }

    /**
     * Waits for every ring thread to end.
     *
     * @param timeoutMillis how long to wait for each.
     * @return whether all have ended.
     */
    synchronized boolean join(final long timeoutMillis)
    {
        boolean ended = true;
        for (final Thread thread : threads)
        {
            try
            {
                thread.join(timeoutMillis);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
            ended &= !thread.isAlive();
        }
        return ended;
    }
}
