package dev.zom.broker;

import org.zeromq.ZMQ;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * How the idle ingress blocks: one selector, set up once, on the ZeroMQ sockets' signalling channels and the
 * {@link IngressWakeup}. JeroMQ's own poll builds and registers its maps on every call, which cost the ingress a
 * third of its time once batches made it idle between frames. A ZeroMQ socket's channel signals changes, not
 * readiness, so each wait first asks every socket whether a message is already waiting.
 */
final class SocketWait implements AutoCloseable
{
    private final Selector selector;
    private final ZMQ.Socket[] sockets;

    SocketWait(final SelectableChannel wakeup, final ZMQ.Socket... sockets)
    {
        this.sockets = sockets;
        try
        {
            selector = Selector.open();
            wakeup.register(selector, SelectionKey.OP_READ);
            for (final ZMQ.Socket socket : sockets)
            {
                socket.getFD().register(selector, SelectionKey.OP_READ);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot set up the ingress's socket wait", ex);
        }
    }

    /**
     * Returns at once when a socket has a message waiting, else when one may have or the wake-up fires, or after
     * the timeout.
     *
     * @param timeoutMillis the longest wait.
     */
    void await(final long timeoutMillis)
    {
        for (final ZMQ.Socket socket : sockets)
        {
            if ((socket.getEvents() & ZMQ.Poller.POLLIN) != 0)
            {
                return;
            }
        }
        try
        {
            selector.select(timeoutMillis);
            selector.selectedKeys().clear();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("the ingress's socket wait failed", ex);
        }
    }

    @Override
    public void close()
    {
        try
        {
            selector.close();
        }
        catch (final IOException ignored)
        {
            // closing at shutdown
        }
    }
}
