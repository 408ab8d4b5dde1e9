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
 * closed for what they sent: a frame longer than it reads ({@code ZMQ_MAXMSGSIZE}) or a ZeroMQ protocol error.
 * ZeroMQ drops such a peer without a reply and says only that the connection ended, so the watch looks at the socket
 * as it ends: a client that closed its end left an end of stream to read (or a reset), where a connection the broker
 * cut has unread bytes or nothing yet. A connection that ZeroMQ's own timer ended is counted apart and not logged:
 * its handshake did not finish within {@link IngressAgent#HANDSHAKE_MILLIS}, because the peer said nothing or because
 * JeroMQ stalled it (about one in a few hundred under load here; its client connects again), so it says nothing about
 * the peer. The watch tells that end by where it came from (JeroMQ's engine raises it from its timer callback) rather
 * than by how long the connection lived: JeroMQ's timers run on the wall clock and fire late on a busy machine, and
 * a rule on the time since the accept took such a stall for a cut. It runs on ZeroMQ's I/O thread, through each
 * socket's event hook, and only at connection events, never per message.
 */
final class ConnectionWatch
{
    /** JeroMQ's per-connection engine, whose timer callback ends a handshake that ran out of time. */
    private static final String ENGINE = "zmq.io.StreamEngine";
    private static final String ENGINE_TIMER = "timerEvent";

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

    /** One socket's hook; ZeroMQ calls it for one event at a time, so its one-byte buffer is its own. */
    private final class Hook implements ZEvent.ZEventConsummer
    {
        private final String name;
        private final ByteBuffer oneByte = ByteBuffer.allocate(1);

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
                if (!(channel instanceof SocketChannel) || closedByItsClient((SocketChannel)channel))
                {
                    counters.add(BrokerCounter.CONNECTIONS_CLOSED, 1);
                }
                else if (endedByTheEngineTimer())
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

        /**
         * Whether JeroMQ's engine is ending the connection from its timer callback: a handshake that ran out of time
         * (or a heartbeat a peer asked for and then missed; the broker asks for none).
         */
        private boolean endedByTheEngineTimer()
        {
            return StackWalker.getInstance().walk(frames -> frames.anyMatch(
                frame -> ENGINE_TIMER.equals(frame.getMethodName()) && ENGINE.equals(frame.getClassName())));
        }

        /**
         * Whether the client closed its end: the next thing to read is the end of stream (or a reset), where a
         * connection the broker cut still holds unread bytes or nothing yet.
         */
        private boolean closedByItsClient(final SocketChannel channel)
        {
            try
            {
                return channel.read(oneByte.clear()) < 0;
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
