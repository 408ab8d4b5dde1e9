package dev.zom.broker;

import dev.zom.format.Value;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.ReplyDecoder;
import dev.zom.protocol.RequestEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A DEALER and a PUSH socket that send whatever bytes a test wants, to try a broker with bad input.
 */
final class RawPeer implements AutoCloseable
{
    private final ZContext zmq = new ZContext(1);
    private final ZMQ.Socket dealer;
    private final ZMQ.Socket push;
    private final RequestEncoder encoder = new RequestEncoder();

    RawPeer(final Broker broker)
    {
        dealer = zmq.createSocket(SocketType.DEALER);
        dealer.setReceiveTimeOut(10_000);
        dealer.connect(broker.routerEndpoint());
        push = zmq.createSocket(SocketType.PUSH);
        push.setLinger(-1);
        push.connect(broker.pullEndpoint());
    }

    static byte[] write(final long sequence, final String location, final String metapath, final Value value)
    {
        return write(7, sequence, location, metapath, value);
    }

    /**
     * A write request from a given client.
     */
    static byte[] write(
        final long clientId, final long sequence, final String location, final String metapath, final Value value)
    {
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer();
        final int length = new RequestEncoder().encode(out, 0, Protocol.OP_WRITE, clientId, sequence, (byte)0, (short)0,
            location, metapath, value);
        return Arrays.copyOf(out.byteArray(), length);
    }

    /**
     * A write batch frame holding these writes.
     */
    static byte[] batch(final byte[]... writes)
    {
        int length = Protocol.BATCH_HEADER_LENGTH;
        for (final byte[] write : writes)
        {
            length += write.length;
        }
        final ByteBuffer frame = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        frame.put(Protocol.VERSION).put(Protocol.OP_WRITE_BATCH).putShort((short)writes.length).putInt(0);
        for (final byte[] write : writes)
        {
            frame.put(write);
        }
        return frame.array();
    }

    ReplyDecoder request(final byte[]... frames)
    {
        for (int i = 0; i < frames.length; i++)
        {
            dealer.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
        }
        final byte[] reply = dealer.recv();
        if (reply == null)
        {
            throw new AssertionError("no reply");
        }
        return new ReplyDecoder().wrap(new UnsafeBuffer(reply), 0, reply.length);
    }

    void push(final byte[]... frames)
    {
        for (int i = 0; i < frames.length; i++)
        {
            push.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    @Override
    public void close()
    {
        zmq.close();
    }
}
