package dev.zom.broker;

import org.zeromq.ZEvent;
import org.zeromq.ZMQ;
import org.zeromq.ZMonitor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Counts the connections the broker's sockets accept and lose, and names the peers whose connections the broker
 * closed itself: a frame longer than it reads ({@code ZMQ_MAXMSGSIZE}), a ZeroMQ protocol error, or no handshake
 * within {@link IngressAgent#HANDSHAKE_MILLIS}. ZeroMQ drops such a peer without a reply and says only that the
 * connection ended, so the watch looks at the socket as it ends: a client that closed its end left an end of stream
 * to read (or a reset), where a connection the broker cut has unread bytes or nothing yet. It runs on ZeroMQ's I/O
 * thread, through each socket's event hook, and only at connection events, never per message.
 */
final class ConnectionWatch
{
    /** How far it reads a connection's unread bytes to find whether an end of stream follows them. */
    static final int MAX_UNREAD_BYTES = 64 * 1024;

    private final Counters counters;
    private final ErrorLog errors;

    ConnectionWatch(final Counters counters, final ErrorLog errors)
    {
        this.counters = counters;
        this.errors = errors;
    }

    /**
     * Watches a socket's connections; call before it binds.
     *
     * @param socket the socket.
     * @param name   how the log names it, e.g. {@code ROUTER}.
     */
    void watch(final ZMQ.Socket socket, final String name)
    {
        final Hook hook = new Hook(name);
        if (!socket.setEventHook(hook,
            ZMQ.EVENT_ACCEPTED | ZMQ.EVENT_ACCEPT_FAILED | ZMQ.EVENT_DISCONNECTED))
        {
            throw new IllegalStateException("cannot watch the " + name + " socket's connections");
        }
    }

    /** One socket's hook; ZeroMQ calls it for one event at a time, so its buffer is its own. */
    private final class Hook implements ZEvent.ZEventConsummer
    {
        private final String name;
        private final ByteBuffer unread = ByteBuffer.allocate(4096);

        Hook(final String name)
        {
            this.name = name;
        }

        @Override
        public void consume(final ZEvent event)
        {
            final ZMonitor.Event kind = event.getEvent();
            if (kind == ZMonitor.Event.ACCEPTED)
            {
                counters.add(BrokerCounter.CONNECTIONS_ACCEPTED, 1);
            }
            else if (kind == ZMonitor.Event.ACCEPT_FAILED)
            {
                counters.add(BrokerCounter.ACCEPT_FAILURES, 1);
            }
            else if (kind == ZMonitor.Event.DISCONNECTED)
            {
                final Object channel = event.getValue();
                if (channel instanceof SocketChannel && !closedByPeer((SocketChannel)channel))
                {
                    counters.add(BrokerCounter.CONNECTIONS_CUT, 1);
                    errors.log("zom-ingress", "closed a connection from " + peer((SocketChannel)channel) + " to the " +
                        name + " socket: a frame longer than the broker reads (PROTOCOL.md), a ZeroMQ protocol " +
                        "error, or no handshake within " + IngressAgent.HANDSHAKE_MILLIS + " ms");
                }
                else
                {
                    counters.add(BrokerCounter.CONNECTIONS_CLOSED, 1);
                }
            }
        }

        private boolean closedByPeer(final SocketChannel channel)
        {
            try
            {
                int read = 0;
                int total = 0;
                while (total < MAX_UNREAD_BYTES && (read = channel.read(unread.clear())) > 0)
                {
                    total += read;
                }
                return read < 0 && total == 0;
            }
            catch (final IOException reset)
            {
                return true;
            }
        }

        private String peer(final SocketChannel channel)
        {
            try
            {
                final SocketAddress address = channel.getRemoteAddress();
                return address instanceof InetSocketAddress ?
                    ((InetSocketAddress)address).getAddress().getHostAddress() : String.valueOf(address);
            }
            catch (final IOException closed)
            {
                return "a peer gone";
            }
        }
    }
}
