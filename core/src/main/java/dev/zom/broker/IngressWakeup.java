package dev.zom.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakes the ingress agent from its socket poll when the ack handler has queued replies or the {@link QueryThread}
 * has answers: a pipe whose readable end the ingress registers with its ZeroMQ poller. At most one wake-up byte is
 * outstanding at a time, so signalling is one system call per idle period, not one per reply. Thread-safe: the ack
 * handler and the query thread signal, the ingress drains.
 *
 * <p>A signaller sets the flag before it writes its byte, so the ingress can clear the flag and find the pipe still
 * empty, and the byte lands afterwards with the flag down. {@link #clear()} would then never read it, and a wait on
 * the pipe would return at once, every time, until the next signal: one core spinning in an idle broker. So the
 * wait also empties the pipe whenever it finds it readable ({@link #discard()}).
 */
final class IngressWakeup implements AutoCloseable
{
    private final Pipe pipe;
    private final ByteBuffer one = ByteBuffer.allocateDirect(1);
    private final ByteBuffer drain = ByteBuffer.allocateDirect(64);
    private final AtomicBoolean pending = new AtomicBoolean();

    IngressWakeup()
    {
        this(openPipe());
    }

    /**
     * Over a given pipe, which tests write to as a late signaller would.
     */
    IngressWakeup(final Pipe pipe)
    {
        this.pipe = pipe;
        try
        {
            pipe.source().configureBlocking(false);
            pipe.sink().configureBlocking(false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot set up the ingress wake-up pipe", ex);
        }
    }

    private static Pipe openPipe()
    {
        try
        {
            return Pipe.open();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the ingress wake-up pipe", ex);
        }
    }

    /**
     * The channel the ingress polls.
     */
    SelectableChannel channel()
    {
        return pipe.source();
    }

    /**
     * Wakes the ingress if it is not already due to wake.
     */
    void signal()
    {
        if (pending.compareAndSet(false, true))
        {
            one.clear();
            try
            {
                pipe.sink().write(one);
            }
            catch (final IOException ex)
            {
                pending.set(false);
            }
        }
    }

    /**
     * Consumes the wake-up; called by the ingress before it looks at the reply queue.
     */
    void clear()
    {
        if (pending.getAndSet(false))
        {
            discard();
        }
    }

    /**
     * Reads every byte in the pipe, whatever the flag says; the ingress's wait calls it when it finds the pipe
     * readable, so a byte written after its flag was cleared cannot keep the wait awake. The flag is left alone: a
     * signal that finds it up still has its replies seen by the ingress's next {@link #clear()}.
     */
    void discard()
    {
        try
        {
            drain.clear();
            while (pipe.source().read(drain) > 0)
            {
                drain.clear();
            }
        }
        catch (final IOException ignored)
        {
            // a closed pipe only happens at shutdown
        }
    }

    @Override
    public void close()
    {
        try
        {
            pipe.sink().close();
            pipe.source().close();
        }
        catch (final IOException ignored)
        {
            // closing at shutdown
        }
    }
}
