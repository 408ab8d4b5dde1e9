package dev.zom.broker;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sets the Linux nice value of the calling thread. The disk writers run below the ingress and the ring: on a busy
 * host the CPU goes first to journaling and acknowledging writes, and a writer that falls behind catches up when the
 * CPU is idle (its lag is the {@code zom_writer_lag} gauge). The group commit may run above them: it gates every
 * acknowledgement and mostly waits for the disk, so getting the CPU back at once when its sync returns shortens
 * every ack. Any user may lower a thread's priority; raising it needs {@code CAP_SYS_NICE}.
 */
final class ThreadNice
{
    private static final int PRIO_PROCESS = 0;

    private ThreadNice()
    {
    }

    /** The C library call; with {@code PRIO_PROCESS} and a thread id, Linux sets that one thread's nice value. */
    interface CLibrary extends Library
    {
        /**
         * {@code setpriority(2)}.
         *
         * @param which {@code PRIO_PROCESS}.
         * @param who   a thread id.
         * @param nice  the nice value.
         * @return 0, or -1 on failure.
         */
        int setpriority(int which, int who, int nice);
    }

    /**
     * Sets the calling thread's nice value, or logs why it could not and leaves the thread at the process's.
     *
     * @param nice   -20 (highest priority) to 19 (lowest); 0 leaves the thread at the process's priority.
     * @param errors where a failure is logged.
     * @param role   the thread's role, for the log.
     */
    static void setForCurrentThread(final int nice, final ErrorLog errors, final String role)
    {
        final String notSet = setForCurrentThread(nice);
        if (notSet != null)
        {
            errors.log(role, notSet + "; the thread runs at the process's CPU priority");
        }
    }

    /**
     * Sets the calling thread's nice value.
     *
     * @param nice -20 (highest priority) to 19 (lowest); 0 leaves the thread at the process's priority.
     * @return null when set (or 0 was asked), else why it could not be (no privilege to raise it, another OS).
     */
    static String setForCurrentThread(final int nice)
    {
        if (nice == 0)
        {
            return null;
        }
        try
        {
            final int rc = Native.load("c", CLibrary.class).setpriority(PRIO_PROCESS, currentThreadId(), nice);
            return rc == 0 ? null : "cannot set nice " + nice + " (errno " + Native.getLastError() +
                (nice < 0 ? "; a negative value needs CAP_SYS_NICE)" : ")");
        }
        catch (final IOException | RuntimeException | LinkageError ex)
        {
            return "cannot set a thread's nice value here: " + ex;
        }
    }

    /**
     * The calling thread's Linux thread id, from {@code /proc/thread-self} ({@code <pid>/task/<tid>}).
     *
     * @return the thread id.
     * @throws IOException when there is no {@code /proc/thread-self} (not Linux).
     */
    static int currentThreadId() throws IOException
    {
        return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
    }
}
