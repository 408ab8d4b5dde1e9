package dev.zom.broker;

import com.lmax.disruptor.RingBuffer;
import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.protocol.BatchDecoder;
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
import org.zeromq.ZMQException;

import java.nio.ByteOrder;

/**
 * The one thread that owns every ZeroMQ socket. Each duty cycle it sends queued replies and the answers of the
 * {@link QueryRouter}, then reads at most a bounded number of requests from the ROUTER socket (acked writes, and
 * reads, listings and stats, which it hands to their disk's query thread) and the PULL socket (fire-and-forget writes),
 * validates writes and decodes them into ring slots. When the ring is full it stops reading the PULL socket
 * (ZeroMQ's high-water marks then push back on senders) and answers acked writes with {@code busy}. With nothing to
 * do it blocks in one poll on both sockets and the {@link IngressWakeup} the ack handler and the query thread signal
 * when replies are queued; while the ring is full it backs off instead.
 */
final class IngressAgent implements Agent
{
    private static final int DUTY_CYCLE_LIMIT = 256;
    private static final int POLL_MILLIS = 10;
    private static final byte[] EMPTY = new byte[0];
    private static final String BUSY_REASON = "ring full: send the same write again later";
    private static final String QUERIES_BUSY_REASON = QueryThread.SLOTS + " queries of the disk holding this " +
        "location are waiting for their answer (a file system slow or hung?): ask again later";
    /**
     * A ZMTP handshake that has not finished in this time is dropped and the peer reconnects. JeroMQ 0.6.0 was seen
     * to stall about one loopback handshake in twenty until the default 30 s timer fired.
     */
    static final int HANDSHAKE_MILLIS = 1000;
    /**
     * ZeroMQ allocates a frame whole, at the size its header announces (up to 2 GiB), before the broker sees a byte
     * of it: one header from any peer could exhaust the heap and kill ZeroMQ's I/O thread, leaving a broker that
     * runs but hears nothing. Frames longer than this many times the longest batch the broker accepts make ZeroMQ
     * close the connection instead; shorter ones are read and refused with {@code OVERSIZE}.
     */
    static final int FRAME_LIMIT_FACTOR = 2;

    private final BrokerContext context;
    private final RingBuffer<WriteEvent> ring;
    private final ReplyQueue replies;
    private final Counters counters;
    private final IdleStrategy ringFullWait;
    private final IngressWakeup wakeup;
    private final QueryRouter queries;
    private final ZMQ.Socket pull;
    private final ZMQ.Socket router;
    private final ZMQ.Socket events;
    private final SocketWait socketWait;
    private final byte[] identity = new byte[WriteEvent.MAX_IDENTITY];
    private final byte[] topic;
    private final byte[] body;
    private final UnsafeBuffer bodyBuffer;
    private final RequestDecoder request = new RequestDecoder();
    private final BatchDecoder batch = new BatchDecoder();
    private final int maxBatch;
    private final int maxBatchLength;
    private final RequestValidator validator;
    private final ExpandableArrayBuffer reply = new ExpandableArrayBuffer(128 * 1024);
    private final ClientByes byes;
    private final MessageHandler replySender = this::sendQueued;
    private final QueryThread.AnswerSender answerSender = this::sendReply;
    private long repliesOwed;
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
        final QueryRouter queries,
        final ClientByes byes,
        final ConnectionWatch connections)
    {
        this.byes = byes;
        this.context = context;
        this.ring = ring;
        this.replies = replies;
        this.counters = counters;
        this.ringFullWait = ringFullWait;
        this.wakeup = wakeup;
        this.queries = queries;
        this.maxBatch = context.maxBatch();
        this.maxBatchLength = context.maxBatchLength();
        this.body = new byte[maxBatchLength + 1];
        this.topic = new byte[context.maxRequestLength()];
        this.bodyBuffer = new UnsafeBuffer(body);
        this.validator = new RequestValidator(context.roots(), context.maxRequestLength());
        this.pull = socket(zmq, SocketType.PULL, context.pullEndpoint(), context.highWaterMark(), connections);
        this.router = socket(zmq, SocketType.ROUTER, context.routerEndpoint(), context.replyHighWaterMark(),
            connections);
        this.events = context.eventsEndpoint() == null ? null :
            socket(zmq, SocketType.PUB, context.eventsEndpoint(), context.highWaterMark(), connections);
        this.socketWait = new SocketWait(wakeup, pull, router);
    }

    private ZMQ.Socket socket(
        final ZContext zmq, final SocketType type, final String endpoint, final int sendHighWaterMark,
        final ConnectionWatch connections)
    {
        final ZMQ.Socket socket = zmq.createSocket(type);
        check(socket.setRcvHWM(context.highWaterMark()), "rcvhwm");
        check(socket.setSndHWM(sendHighWaterMark), "sndhwm");
        check(socket.setLinger(context.lingerMillis()), "linger");
        check(socket.setHandshakeIvl(HANDSHAKE_MILLIS), "handshake_ivl");
        check(socket.setMaxMsgSize((long)FRAME_LIMIT_FACTOR * maxBatchLength), "maxmsgsize");
        connections.watch(socket, type.name());
        try
        {
            socket.bind(endpoint);
        }
        catch (final ZMQException ex)
        {
            throw new ZomException(ErrorCode.UNAVAILABLE, "cannot listen on " + type + " endpoint=" + endpoint + ": " +
                ZMQ.Error.findByCode(ex.getErrorCode()).getMessage() + " (another broker there? name another endpoint)",
                ex);
        }
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
    public int doWork()
    {
        wakeup.clear();
        int work = replies.drain(replySender, DUTY_CYCLE_LIMIT) + queries.sendAnswers(answerSender);
        if (!draining)
        {
            work += readRouter();
            work += readPull();
            publishClaimed();
        }
        drained = draining && repliesOwed == repliesSent;
        if (work > 0)
        {
            ringFullWait.reset();
            socketWait.busy();
        }
        else if (draining || !ring.hasAvailableCapacity(maxBatch))
        {
            ringFullWait.idle();
        }
        else
        {
            socketWait.await(POLL_MILLIS);
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
        while (read < DUTY_CYCLE_LIMIT && ring.hasAvailableCapacity(maxBatch))
        {
            final int length = pull.recv(body, 0, body.length, ZMQ.DONTWAIT);
            if (length < 0)
            {
                break;
            }
            read++;
            if (pull.hasReceiveMore())
            {
                receivedInCycle++;
                counters.rejected(skipFrames(pull));
            }
            else if (BatchDecoder.isBatch(bodyBuffer, 0, length))
            {
                readPullBatch(length);
            }
            else
            {
                receivedInCycle++;
                acceptWrite(0, length);
            }
        }
        return read;
    }

    private void readPullBatch(final int length)
    {
        final ErrorCode error = checkBatch(length);
        if (error != null)
        {
            receivedInCycle++;
            counters.rejected(error);
            return;
        }
        while (batch.next())
        {
            receivedInCycle++;
            acceptWrite(batch.writeOffset(), batch.writeLength());
        }
    }

    private void acceptWrite(final int offset, final int length)
    {
        final ErrorCode error = checkWrite(offset, length);
        if (error != null)
        {
            counters.rejected(error);
        }
        else
        {
            fill(claim(), offset, length);
        }
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
        if (error == null && BatchDecoder.isBatch(bodyBuffer, 0, length))
        {
            acceptAckedBatch(identityLength, delimiter, length);
            return;
        }
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
        else if (request.operation() == Protocol.OP_BYE)
        {
            acceptBye(identityLength, delimiter);
        }
        else if (!queries.ask(identity, identityLength, delimiter, body, length, request))
        {
            counters.add(BrokerCounter.BUSY, 1);
            sendError(identityLength, delimiter, ErrorCode.BUSY, QUERIES_BUSY_REASON, length);
        }
    }

    /**
     * A client is done: its id goes to the ring thread, which forgets its retry window a while later, and the reply
     * says so (a client need not wait for it).
     */
    private void acceptBye(final int identityLength, final boolean delimiter)
    {
        counters.add(BrokerCounter.BYES, 1);
        if (request.clientId() != 0 && !byes.offer(request.clientId()))
        {
            counters.add(BrokerCounter.BYES_DROPPED, 1);
        }
        ReplyEncoder.encodeHeader(reply, 0, Protocol.STATUS_OK, Protocol.OP_BYE, (byte)0, 0, request.sequence(), 0, 0);
        sendReply(identity, identityLength, delimiter, reply.byteArray(), Protocol.REPLY_HEADER_LENGTH);
    }

    private void acceptAckedWrite(final int identityLength, final boolean delimiter, final int length)
    {
        if (!ring.hasAvailableCapacity(1))
        {
            counters.add(BrokerCounter.BUSY, 1);
            sendError(identityLength, delimiter, ErrorCode.BUSY, BUSY_REASON, length);
            return;
        }
        final ErrorCode error = validator.checkWrite(request);
        final WriteEvent event = claim();
        fill(event, 0, length);
        ackedBy(event, identityLength, delimiter, -1);
        if (error != null)
        {
            event.reject(error, validator.reason());
        }
        repliesOwed++;
    }

    /**
     * Takes an acknowledged batch apart: each write goes to its own ring slot (refused ones too, so that their
     * replies keep their place in the batch reply the ack handler builds). Without room in the ring for all of it,
     * every write of the batch is answered {@code busy} at once.
     */
    private void acceptAckedBatch(final int identityLength, final boolean delimiter, final int length)
    {
        final ErrorCode framing = checkBatch(length);
        if (framing != null)
        {
            counters.rejected(framing);
            final int reasonLength = reply.putStringWithoutLengthAscii(Protocol.REPLY_HEADER_LENGTH,
                framing == ErrorCode.OVERSIZE ? "batch larger than the broker accepts (max.batch " + maxBatch +
                " writes, " + maxBatchLength + " bytes)" : describe(framing));
            ReplyEncoder.encodeHeader(reply, 0, Protocol.STATUS_ERROR, Protocol.OP_WRITE_BATCH, (byte)0,
                framing.code(), 0, 0, reasonLength);
            sendReply(identity, identityLength, delimiter, reply.byteArray(), Protocol.REPLY_HEADER_LENGTH +
                reasonLength);
            return;
        }
        final int count = batch.count();
        receivedInCycle += count - 1;
        if (!ring.hasAvailableCapacity(count))
        {
            counters.add(BrokerCounter.BUSY, count);
            sendBusyBatch(identityLength, delimiter);
            return;
        }
        int remaining = count;
        while (batch.next())
        {
            remaining--;
            final int offset = batch.writeOffset();
            final int writeLength = batch.writeLength();
            request.wrap(bodyBuffer, offset, writeLength);
            ErrorCode error = writeLength > context.maxRequestLength() ? ErrorCode.OVERSIZE : request.checkStructure();
            if (error == null && request.operation() != Protocol.OP_WRITE)
            {
                error = ErrorCode.UNKNOWN_OPERATION;
            }
            final String reason = error == null ? null : describe(error);
            if (error == null)
            {
                error = validator.checkWrite(request);
            }
            final WriteEvent event = claim();
            fill(event, offset, error == ErrorCode.OVERSIZE ? 0 : writeLength);
            ackedBy(event, identityLength, delimiter, remaining);
            if (error != null)
            {
                event.reject(error, reason != null ? reason : validator.reason());
            }
        }
        repliesOwed++;
    }

    private void sendBusyBatch(final int identityLength, final boolean delimiter)
    {
        int length = Protocol.REPLY_HEADER_LENGTH;
        long first = 0;
        while (batch.next())
        {
            final long sequence = request.wrap(bodyBuffer, batch.writeOffset(), batch.writeLength()).sequence();
            first = length == Protocol.REPLY_HEADER_LENGTH ? sequence : first;
            length += WriteReplies.encodeRefusal(reply, length, ErrorCode.BUSY, sequence, BUSY_REASON);
        }
        ReplyEncoder.encodeHeader(reply, 0, Protocol.STATUS_OK, Protocol.OP_WRITE_BATCH, (byte)0, 0, first, 0,
            length - Protocol.REPLY_HEADER_LENGTH);
        sendReply(identity, identityLength, delimiter, reply.byteArray(), length);
    }

    private void ackedBy(final WriteEvent event, final int identityLength, final boolean delimiter,
        final int batchRemaining)
    {
        event.acked = true;
        event.delimiter = delimiter;
        event.identityLength = identityLength;
        event.batchRemaining = batchRemaining;
        System.arraycopy(identity, 0, event.identity, 0, identityLength);
    }

    private ErrorCode checkBatch(final int length)
    {
        return length > maxBatchLength ? ErrorCode.OVERSIZE : batch.wrap(bodyBuffer, 0, length).checkFraming(maxBatch);
    }

    private ErrorCode checkWrite(final int offset, final int length)
    {
        if (length > context.maxRequestLength())
        {
            return ErrorCode.OVERSIZE;
        }
        ErrorCode error = request.wrap(bodyBuffer, offset, length).checkStructure();
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

    private void fill(final WriteEvent event, final int offset, final int length)
    {
        event.reset();
        System.arraycopy(body, offset, event.record, JournalRecord.HEADER_LENGTH, length);
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
            sendQueuedReply(buffer, index, length);
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

    private void sendQueuedReply(final DirectBuffer buffer, final int index, final int length)
    {
        final int identityLength = ReplyQueue.identity(buffer, index, identity);
        final int frame = ReplyQueue.frameOffset(buffer, index);
        final int frameLength = index + length - frame;
        buffer.getBytes(frame, reply, 0, frameLength);
        sendReply(identity, identityLength, ReplyQueue.delimiter(buffer, index), reply.byteArray(), frameLength);
        repliesSent++;
    }

    private void sendError(
        final int identityLength, final boolean delimiter, final ErrorCode error, final String reason, final int length)
    {
        final boolean hasHeader = length >= Protocol.REQUEST_HEADER_LENGTH;
        request.wrap(bodyBuffer, 0, hasHeader ? Math.min(length, body.length) : 0);
        final int replyLength = hasHeader ? Queries.error(request, reply, error, reason) :
            headerlessError(error, reason);
        sendReply(identity, identityLength, delimiter, reply.byteArray(), replyLength);
    }

    private int headerlessError(final ErrorCode error, final String reason)
    {
        final int length = reply.putStringWithoutLengthAscii(Protocol.REPLY_HEADER_LENGTH, reason);
        ReplyEncoder.encodeHeader(reply, 0, Protocol.STATUS_ERROR, Protocol.OP_UNDECODED, (byte)0, error.code(), 0, 0,
            length);
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
            default -> "malformed request: frames, lengths or flags do not follow the protocol";
        };
    }

    @Override
    public void onClose()
    {
        socketWait.close();
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
