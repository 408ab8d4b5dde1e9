package dev.zom.broker;

import com.lmax.disruptor.RingBuffer;
import dev.zom.ErrorCode;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.ReplyEncoder;
import dev.zom.protocol.RequestDecoder;
import dev.zom.protocol.RequestValidator;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.ByteOrder;
import java.util.function.Supplier;

/**
 * The one thread that owns every ZeroMQ socket. Each duty cycle it sends queued replies, then reads at most a
 * bounded number of requests from the ROUTER socket (acked writes, reads, listings, stats) and the PULL socket
 * (fire-and-forget writes), validates writes and decodes them into ring slots. When the ring is full it stops
 * reading the PULL socket (ZeroMQ's high-water marks then push back on senders) and answers acked writes with
 * {@code busy}. With nothing to do it blocks in one poll on both sockets and the {@link IngressWakeup} the ack
 * handler signals when replies are queued; while the ring is full it backs off instead.
 */
final class IngressAgent implements Agent
{
    private static final int DUTY_CYCLE_LIMIT = 256;
    private static final int POLL_MILLIS = 10;
    private static final byte[] EMPTY = new byte[0];
    /**
     * A ZMTP handshake that has not finished in this time is dropped and the peer reconnects. JeroMQ 0.6.0 was seen
     * to stall about one loopback handshake in twenty until the default 30 s timer fired.
     */
    static final int HANDSHAKE_MILLIS = 1000;

    private final BrokerContext context;
    private final RingBuffer<WriteEvent> ring;
    private final ReplyQueue replies;
    private final Counters counters;
    private final IdleStrategy ringFullWait;
    private final IngressWakeup wakeup;
    private final Supplier<Queries> queriesFactory;
    private final ZMQ.Socket pull;
    private final ZMQ.Socket router;
    private final ZMQ.Socket events;
    private final ZMQ.Poller poller;
    private final byte[] identity = new byte[WriteEvent.MAX_IDENTITY];
    private final byte[] topic;
    private final byte[] body;
    private final UnsafeBuffer bodyBuffer;
    private final RequestDecoder request = new RequestDecoder();
    private final RequestValidator validator;
    private final ExpandableArrayBuffer reply = new ExpandableArrayBuffer(4096);
    private final MessageHandler replySender = this::sendQueued;
    private Queries queries;
    private long ackedWritesPublished;
    private long repliesSent;
    private long firstUnpublished = -1;
    private long lastClaimed = -1;
    private long receivedInCycle;
    private volatile boolean draining;
    private volatile boolean drained;

    IngressAgent(
        final ZContext zmq,
        final BrokerContext context,
        final RingBuffer<WriteEvent> ring,
        final ReplyQueue replies,
        final Counters counters,
        final IdleStrategy ringFullWait,
        final IngressWakeup wakeup,
        final Supplier<Queries> queriesFactory)
    {
        this.context = context;
        this.ring = ring;
        this.replies = replies;
        this.counters = counters;
        this.ringFullWait = ringFullWait;
        this.wakeup = wakeup;
        this.queriesFactory = queriesFactory;
        this.body = new byte[context.maxRequestLength() + 1];
        this.topic = new byte[context.maxRequestLength()];
        this.bodyBuffer = new UnsafeBuffer(body);
        this.validator = new RequestValidator(context.roots(), context.maxRequestLength());
        this.pull = socket(zmq, SocketType.PULL, context.pullEndpoint(), context.highWaterMark());
        this.router = socket(zmq, SocketType.ROUTER, context.routerEndpoint(), context.replyHighWaterMark());
        this.events = context.eventsEndpoint() == null ? null :
            socket(zmq, SocketType.PUB, context.eventsEndpoint(), context.highWaterMark());
        this.poller = zmq.createPoller(3);
        poller.register(pull, ZMQ.Poller.POLLIN);
        poller.register(router, ZMQ.Poller.POLLIN);
        poller.register(wakeup.channel(), ZMQ.Poller.POLLIN);
    }

    private ZMQ.Socket socket(
        final ZContext zmq, final SocketType type, final String endpoint, final int sendHighWaterMark)
    {
        final ZMQ.Socket socket = zmq.createSocket(type);
        check(socket.setRcvHWM(context.highWaterMark()), "rcvhwm");
        check(socket.setSndHWM(sendHighWaterMark), "sndhwm");
        check(socket.setLinger(context.lingerMillis()), "linger");
        check(socket.setHandshakeIvl(HANDSHAKE_MILLIS), "handshake_ivl");
        socket.bind(endpoint);
        return socket;
    }

    private static void check(final boolean applied, final String option)
    {
        if (!applied)
        {
            throw new IllegalStateException("cannot set socket option " + option);
        }
    }

    String pullEndpoint()
    {
        return pull.getLastEndpoint();
    }

    String routerEndpoint()
    {
        return router.getLastEndpoint();
    }

    String eventsEndpoint()
    {
        return events == null ? null : events.getLastEndpoint();
    }

    @Override
    public void onStart()
    {
        queries = queriesFactory.get();
    }

    @Override
    public int doWork()
    {
        wakeup.clear();
        int work = replies.drain(replySender, DUTY_CYCLE_LIMIT);
        if (!draining)
        {
            work += readRouter();
            work += readPull();
            publishClaimed();
        }
        drained = draining && ackedWritesPublished == repliesSent;
        if (work > 0)
        {
            ringFullWait.reset();
        }
        else if (draining || !ring.hasAvailableCapacity(1))
        {
            ringFullWait.idle();
        }
        else
        {
            poller.poll(POLL_MILLIS);
        }
        return work;
    }

    /**
     * Stops reading requests; queued replies are still sent until {@link #isDrained()}.
     */
    void drain()
    {
        draining = true;
    }

    boolean isDrained()
    {
        return drained;
    }

    private int readPull()
    {
        int read = 0;
        while (read < DUTY_CYCLE_LIMIT && ring.hasAvailableCapacity(1))
        {
            final int length = pull.recv(body, 0, body.length, ZMQ.DONTWAIT);
            if (length < 0)
            {
                break;
            }
            read++;
            receivedInCycle++;
            final ErrorCode error = pull.hasReceiveMore() ? skipFrames(pull) : checkWrite(length);
            if (error != null)
            {
                counters.rejected(error);
            }
            else
            {
                fill(claim(), length);
            }
        }
        return read;
    }

    private int readRouter()
    {
        int read = 0;
        while (read < DUTY_CYCLE_LIMIT)
        {
            final int identityLength = router.recv(identity, 0, identity.length, ZMQ.DONTWAIT);
            if (identityLength < 0)
            {
                break;
            }
            read++;
            receivedInCycle++;
            if (router.hasReceiveMore())
            {
                readRouterBody(identityLength);
            }
        }
        return read;
    }

    private void readRouterBody(final int identityLength)
    {
        int length = router.recv(body, 0, body.length, 0);
        boolean delimiter = false;
        if (length == 0 && router.hasReceiveMore())
        {
            delimiter = true;
            length = router.recv(body, 0, body.length, 0);
        }
        ErrorCode error = router.hasReceiveMore() ? skipFrames(router) : null;
        if (error == null && length > context.maxRequestLength())
        {
            error = ErrorCode.OVERSIZE;
        }
        if (error == null)
        {
            error = request.wrap(bodyBuffer, 0, length).checkStructure();
        }
        if (error != null)
        {
            counters.rejected(error);
            sendError(identityLength, delimiter, error, describe(error), length);
        }
        else if (request.operation() == Protocol.OP_WRITE)
        {
            acceptAckedWrite(identityLength, delimiter, length);
        }
        else
        {
            counters.add(BrokerCounter.QUERIES, 1);
            sendReply(identity, identityLength, delimiter, reply.byteArray(), queries.answer(request, reply));
        }
    }

    private void acceptAckedWrite(final int identityLength, final boolean delimiter, final int length)
    {
        if (!ring.hasAvailableCapacity(1))
        {
            counters.add(BrokerCounter.BUSY, 1);
            sendError(identityLength, delimiter, ErrorCode.BUSY, "ring full: send the same write again later", length);
            return;
        }
        final ErrorCode error = validator.checkWrite(request);
        final WriteEvent event = claim();
        fill(event, length);
        event.acked = true;
        event.delimiter = delimiter;
        event.identityLength = identityLength;
        System.arraycopy(identity, 0, event.identity, 0, identityLength);
        if (error != null)
        {
            event.reject(error, validator.reason());
        }
        ackedWritesPublished++;
    }

    private ErrorCode checkWrite(final int length)
    {
        if (length > context.maxRequestLength())
        {
            return ErrorCode.OVERSIZE;
        }
        ErrorCode error = request.wrap(bodyBuffer, 0, length).checkStructure();
        if (error == null && request.operation() != Protocol.OP_WRITE)
        {
            error = ErrorCode.UNKNOWN_OPERATION;
        }
        return error != null ? error : validator.checkWrite(request);
    }

    /**
     * Claims the next slot; claimed slots are published together at the end of the duty cycle, so the ring's
     * consumers are woken once per cycle rather than once per write.
     */
    private WriteEvent claim()
    {
        lastClaimed = ring.next();
        if (firstUnpublished < 0)
        {
            firstUnpublished = lastClaimed;
        }
        return ring.get(lastClaimed);
    }

    private void publishClaimed()
    {
        if (firstUnpublished >= 0)
        {
            ring.publish(firstUnpublished, lastClaimed);
            firstUnpublished = -1;
        }
        if (receivedInCycle > 0)
        {
            counters.add(BrokerCounter.RECEIVED, receivedInCycle);
            receivedInCycle = 0;
        }
    }

    private void fill(final WriteEvent event, final int length)
    {
        event.reset();
        System.arraycopy(body, 0, event.record, JournalRecord.HEADER_LENGTH, length);
        event.requestLength = length;
        event.clientId = request.clientId();
        event.sequence = request.sequence();
    }

    private static ErrorCode skipFrames(final ZMQ.Socket socket)
    {
        while (socket.hasReceiveMore())
        {
            socket.recv(0);
        }
        return ErrorCode.MALFORMED;
    }

    private void sendQueued(final int msgTypeId, final DirectBuffer buffer, final int index, final int length)
    {
        if (msgTypeId == ReplyQueue.MSG_EVENT)
        {
            publishEvent(buffer, index, length);
        }
        else
        {
            sendQueuedReply(buffer, index);
        }
    }

    /**
     * Publishes a conflict event: the location as the topic frame (subscribers filter by location prefix), then
     * the body. PUB drops it when nobody subscribes or a subscriber is slow.
     */
    private void publishEvent(final DirectBuffer buffer, final int index, final int length)
    {
        if (events == null)
        {
            return;
        }
        final int locationLength = buffer.getShort(index, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        buffer.getBytes(index + 2, topic, 0, locationLength);
        reply.putBytes(0, buffer, index + 2 + locationLength, length - 2 - locationLength);
        events.send(topic, 0, locationLength, ZMQ.SNDMORE | ZMQ.DONTWAIT);
        events.send(reply.byteArray(), 0, length - 2 - locationLength, ZMQ.DONTWAIT);
    }

    private void sendQueuedReply(final DirectBuffer buffer, final int index)
    {
        final int identityLength = buffer.getShort(index + 6, ByteOrder.LITTLE_ENDIAN);
        final int reasonLength = buffer.getShort(index + 24, ByteOrder.LITTLE_ENDIAN);
        final byte flags = buffer.getByte(index + 1);
        final boolean conflict = (flags & (Protocol.FLAG_OVERWROTE | Protocol.FLAG_SUPERSEDED)) != 0;
        final int payloadLength = conflict ? Protocol.CONFLICT_PAYLOAD_LENGTH : reasonLength;
        ReplyEncoder.encodeHeader(reply, 0, buffer.getByte(index), Protocol.OP_WRITE, flags,
            buffer.getShort(index + 4, ByteOrder.LITTLE_ENDIAN), buffer.getLong(index + 8, ByteOrder.LITTLE_ENDIAN),
            buffer.getLong(index + 16, ByteOrder.LITTLE_ENDIAN), payloadLength);
        if (conflict)
        {
            reply.putBytes(Protocol.REPLY_HEADER_LENGTH, buffer, index + 26, Protocol.CONFLICT_PAYLOAD_LENGTH);
        }
        else
        {
            reply.putBytes(Protocol.REPLY_HEADER_LENGTH, buffer, index + ReplyQueue.FIXED_LENGTH + identityLength,
                reasonLength);
        }
        buffer.getBytes(index + ReplyQueue.FIXED_LENGTH, identity, 0, identityLength);
        sendReply(identity, identityLength, buffer.getByte(index + 2) != 0, reply.byteArray(),
            Protocol.REPLY_HEADER_LENGTH + payloadLength);
        repliesSent++;
    }

    private void sendError(
        final int identityLength, final boolean delimiter, final ErrorCode error, final String reason, final int length)
    {
        final boolean hasHeader = length >= Protocol.REQUEST_HEADER_LENGTH && length <= context.maxRequestLength();
        request.wrap(bodyBuffer, 0, hasHeader ? length : 0);
        final int replyLength = hasHeader ? Queries.error(request, reply, error, reason) :
            headerlessError(error, reason);
        sendReply(identity, identityLength, delimiter, reply.byteArray(), replyLength);
    }

    private int headerlessError(final ErrorCode error, final String reason)
    {
        final int length = reply.putStringWithoutLengthAscii(Protocol.REPLY_HEADER_LENGTH, reason);
        ReplyEncoder.encodeHeader(reply, 0, Protocol.STATUS_ERROR, (byte)0, (byte)0, error.code(), 0, 0, length);
        return Protocol.REPLY_HEADER_LENGTH + length;
    }

    private void sendReply(
        final byte[] to, final int toLength, final boolean delimiter, final byte[] bytes, final int length)
    {
        router.send(to, 0, toLength, ZMQ.SNDMORE);
        if (delimiter)
        {
            router.send(EMPTY, 0, 0, ZMQ.SNDMORE);
        }
        router.send(bytes, 0, length, 0);
    }

    private static String describe(final ErrorCode error)
    {
        return switch (error)
        {
            case UNSUPPORTED_VERSION -> "unsupported protocol version (this broker speaks version 1)";
            case UNKNOWN_OPERATION -> "unknown operation code";
            case OVERSIZE -> "request larger than the broker accepts";
            default -> "malformed request: frames or lengths do not follow the protocol";
        };
    }

    @Override
    public void onClose()
    {
        if (queries != null)
        {
            queries.close();
        }
        poller.close();
        pull.close();
        router.close();
        if (events != null)
        {
            events.close();
        }
    }

    @Override
    public String roleName()
    {
        return "zom-ingress";
    }
}
