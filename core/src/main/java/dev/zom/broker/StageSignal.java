package dev.zom.broker;

import java.util.concurrent.locks.LockSupport;

/**
 * The wake-up between two ring stages: the stage after registers its thread when it starts, and the stage before
 * signals at the end of each of its batches, once it has published how far it got. A stage waiting for the one
 * before it (the group commit for the journal handler, the acker for the group commit) then parks until its
 * predecessor has work for it, instead of waking every few microseconds to look.
 *
 * <p>{@link LockSupport#unpark} leaves a permit when the thread is not parked yet, so a signal that comes between the
 * waiter's last look and its park is not lost: the park returns at once.
 */
final class StageSignal
{
    private volatile Thread waiter;

    /**
     * Called by the waiting stage, on its thread, when it starts.
     */
    void registerCurrentThread()
    {
        waiter = Thread.currentThread();
    }

    /**
     * Called by the stage before, after it published its sequence: wakes the waiting stage if it is parked.
     */
    void signal()
    {
        final Thread thread = waiter;
        if (thread != null)
        {
            LockSupport.unpark(thread);
        }
    }
}
