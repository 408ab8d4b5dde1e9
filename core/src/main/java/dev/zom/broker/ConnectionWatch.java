package dev.zom.broker;

import org.zeromq.ZEvent;
import org.zeromq.ZMQ;
import org.zeromq.ZMonitor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counts the connections the broker's sockets accept and lose, and names the peers whose connections the broker
 * closed for what they sent: a frame longer than it reads ({@code ZMQ_MAXMSGSIZE}) or a ZeroMQ protocol error.
 * ZeroMQ drops such a peer without a reply and says only that the connection ended, so the watch looks at the socket
 * as it ends: a client that closed its end left an end of stream to read (or a reset), where a connection the broker
 * cut has unread bytes or nothing yet. A connection cut with nothing unread just as its handshake interval
 * ({@link IngressAgent#HANDSHAKE_MILLIS}) ran out since it was accepted is counted apart and not logged: JeroMQ
 * stalls a handshake now and then under load (about one in a few hundred here) and its client connects again, so
 * those say nothing about the peer. It runs on ZeroMQ's I/O thread, through each socket's event hook, and only at
 * connection events, never per message.
 */
final class ConnectionWatch
{
    /** How far it reads a connection's unread bytes to find whether an end of stream follows them. */
    static final int MAX_UNREAD_BYTES = 64 * 1024;
    /** How late after its handshake interval a cut is still taken for the handshake timer's. */
    static final long HANDSHAKE_TIMER_SLACK_NANOS = 250_000_000L;
    /** How many young connections a socket remembers the accept time of (the oldest are forgotten past it). */
    static final int MAX_REMEMBERED = 4096;
    private static final long HANDSHAKE_TIMER_NANOS = TimeUnit.MILLISECONDS.toNanos(IngressAgent.HANDSHAKE_MILLIS);
    /** What {@code unreadOrEnd} answers for a connection its client closed. */
    private static final int END = -1;

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

    /** One socket's hook; ZeroMQ calls it for one event at a time, so its buffer and map are its own. */
    private final class Hook implements ZEvent.ZEventConsummer
    {
        private final String name;
        private final ByteBuffer drain = ByteBuffer.allocate(4096);
        private final Map<Object, Long> acceptedAt = new LinkedHashMap<>(16, 0.75f, false)
        {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<Object, Long> eldest)
            {
                return size() > MAX_REMEMBERED;
            }
        };

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
                acceptedAt.put(event.getValue(), System.nanoTime());
            }
            else if (kind == ZMonitor.Event.ACCEPT_FAILED)
            {
                counters.add(BrokerCounter.ACCEPT_FAILURES, 1);
            }
            else if (kind == ZMonitor.Event.DISCONNECTED)
            {
                final Object channel = event.getValue();
                final Long accepted = acceptedAt.remove(channel);
                final int unread = channel instanceof SocketChannel ? unreadOrEnd((SocketChannel)channel) : END;
                if (unread == END)
                {
                    counters.add(BrokerCounter.CONNECTIONS_CLOSED, 1);
                }
                else if (unread == 0 && accepted != null && handshakeTimerRanOut(System.nanoTime() - accepted))
                {
                    counters.add(BrokerCounter.HANDSHAKE_TIMEOUTS, 1);
                }
                else
                {
                    counters.add(BrokerCounter.CONNECTIONS_CUT, 1);
                    errors.log("zom-ingress", "closed a connection from " + peer((SocketChannel)channel) + " to the " +
                        name + " socket: a frame longer than the broker reads (PROTOCOL.md) or a ZeroMQ protocol " +
                        "error");
                }
            }
        }

        private boolean handshakeTimerRanOut(final long sinceAcceptedNanos)
        {
            return sinceAcceptedNanos >= HANDSHAKE_TIMER_NANOS &&
                sinceAcceptedNanos < HANDSHAKE_TIMER_NANOS + HANDSHAKE_TIMER_SLACK_NANOS;
        }

        /**
         * @return {@link #END} when the client closed its end (nothing unread before the end of stream, or a reset),
         *         else how many bytes the connection still held (up to {@link #MAX_UNREAD_BYTES}).
         */
        private int unreadOrEnd(final SocketChannel channel)
        {
            int unreadBytes = 0;
            try
            {
                int read = 0;
                while (unreadBytes < MAX_UNREAD_BYTES && (read = channel.read(drain.clear())) > 0)
                {
                    unreadBytes += read;
                }
                return read < 0 && unreadBytes == 0 ? END : unreadBytes;
            }
            catch (final IOException reset)
            {
                return END;
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
