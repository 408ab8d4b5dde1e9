package dev.zom.client;

import dev.zom.protocol.Protocol;
import org.agrona.concurrent.UnsafeBuffer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Subscribes to a broker's conflict events (its PUB socket), optionally only for locations under a prefix. Events
 * published while nobody was subscribed, or beyond the high-water mark of a slow subscriber, are not delivered: the
 * acknowledgements and the history are the durable record. Not thread-safe.
 */
public final class ConflictSubscriber implements AutoCloseable
{
    private final ZContext zmq = new ZContext(1);
    private final ZMQ.Socket socket;
    private final byte[] body = new byte[1 << 16];
    private final UnsafeBuffer view = new UnsafeBuffer(body);

    private ConflictSubscriber(final String endpoint, final String locationPrefix)
    {
        socket = zmq.createSocket(SocketType.SUB);
        socket.setLinger(0);
        socket.setHandshakeIvl(ZomClient.HANDSHAKE_MILLIS);
        socket.subscribe(locationPrefix.getBytes(StandardCharsets.US_ASCII));
        try
        {
            ZomClient.connect(socket, endpoint);
        }
        catch (final RuntimeException ex)
        {
            zmq.close();
            throw ex;
        }
    }

    /**
     * Subscribes to the events of locations starting with a prefix ("" for all).
     *
     * @param eventsEndpoint the broker's events endpoint.
     * @param locationPrefix a location prefix, e.g. {@code /projects/show}.
     * @return the subscriber.
     */
    public static ConflictSubscriber connect(final String eventsEndpoint, final String locationPrefix)
    {
        return new ConflictSubscriber(eventsEndpoint, locationPrefix);
    }

    /**
     * The next event.
     *
     * @param timeoutMillis how long to wait.
     * @return the event, or null when none came in time.
     */
    public ConflictEvent next(final int timeoutMillis)
    {
        socket.setReceiveTimeOut(timeoutMillis);
        final byte[] topic = socket.recv();
        if (topic == null || !socket.hasReceiveMore())
        {
            return null;
        }
        final int length = socket.recv(body, 0, body.length, 0);
        if (length < Protocol.EVENT_HEADER_LENGTH)
        {
            return null;
        }
        final int metapathLength = view.getShort(2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        return new ConflictEvent(new String(topic, StandardCharsets.US_ASCII),
            view.getStringWithoutLengthAscii(Protocol.EVENT_HEADER_LENGTH, metapathLength),
            view.getByte(1) == Protocol.EVENT_SUPERSEDED, view.getLong(8, ByteOrder.LITTLE_ENDIAN),
            view.getLong(16, ByteOrder.LITTLE_ENDIAN), view.getLong(24, ByteOrder.LITTLE_ENDIAN),
            view.getLong(32, ByteOrder.LITTLE_ENDIAN), view.getLong(40, ByteOrder.LITTLE_ENDIAN));
    }

    @Override
    public void close()
    {
        zmq.close();
    }
}
