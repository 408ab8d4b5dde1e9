package dev.zom.client;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.format.OmType;
import dev.zom.format.Value;
import dev.zom.protocol.BatchEncoder;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.ReplyDecoder;
import dev.zom.protocol.RequestEncoder;
import dev.zom.protocol.WireValues;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A client of a zom broker: fire-and-forget writes over PUSH, acknowledged writes, reads, listings and stats over
 * DEALER. Each client has a random client id and numbers its writes, so a retried write is never journaled twice.
 * Acknowledged writes can be pipelined: {@link #send} several, then {@link #receiveAck} each, in order; a query
 * ({@link #read}, {@link #ls}, {@link #stat}) in between keeps the replies that arrive before its answer for
 * {@code receiveAck}.
 *
 * <p>With {@link #batch(int)} above 1, writes are gathered into write batches (one frame of many writes each way,
 * docs/PROTOCOL.md): a batch is sent when it holds that many writes or {@value Protocol#BATCH_FILL_BYTES} bytes,
 * before the client blocks waiting for an acknowledgement (not while replies that already arrived are taken), before
 * a query, on {@link #flush()} and on close. Fire-and-forget writes then wait in the client until one of those;
 * acknowledged writes behave as without batching, with fewer frames.
 *
 * <p>Not thread-safe (ZeroMQ sockets belong to one thread): use one client per thread.
 */
public final class ZomClient implements AutoCloseable
{
    private static final long BUSY_RETRY_NANOS = 1_000_000L;
    /**
     * How many times a request is sent and its reply waited for before giving up: a write by {@link #writeAcked}, the
     * writes in flight of an {@link AckedPipeline}, a query.
     */
    private static final int SENDS = 3;
    /** Drop a stalled ZMTP handshake after this long and reconnect (JeroMQ 0.6.0 stalls some on loopback). */
    static final int HANDSHAKE_MILLIS = 1000;
    /** How long {@link #close} gives its {@code bye} to go out: a broker that is away just keeps the window longer. */
    private static final int BYE_LINGER_MILLIS = 200;

    private final ZContext zmq = new ZContext(1);
    private final String routerEndpoint;
    private ZMQ.Socket dealer;
    private final String pullEndpoint;
    private ZMQ.Socket push;
    private final RequestEncoder encoder = new RequestEncoder();
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(1024);
    private byte[] in = new byte[1 << 20];
    private final UnsafeBuffer inBuffer = new UnsafeBuffer(in);
    private final ReplyDecoder reply = new ReplyDecoder();
    private final BatchEncoder pushBatch = new BatchEncoder();
    private final BatchEncoder dealerBatch = new BatchEncoder();
    private final HeldReplies held = new HeldReplies();
    private int batch = 1;
    private int batchCursor = -1;
    private int batchEnd;
    private final long clientId;
    private final boolean ownsId;
    private final int timeoutMillis;
    private long nextSequence = 1;
    private boolean heard;
    private int longestUnanswered;
    private short priority;
    private byte writeFlags;

    private ZomClient(final String routerEndpoint, final String pullEndpoint, final long clientId, final boolean ownsId,
        final int timeout)
    {
        this.routerEndpoint = routerEndpoint;
        this.pullEndpoint = pullEndpoint;
        this.clientId = clientId;
        this.ownsId = ownsId;
        this.timeoutMillis = timeout;
        try
        {
            dealer = newDealer();
        }
        catch (final RuntimeException ex)
        {
            zmq.close();
            throw ex;
        }
    }

    /**
     * After a reply timeout: replaces the DEALER connection, so that replies the old one is still owed are dropped
     * with it instead of being taken, later, for the answers to other requests; then returns when the requests waited
     * for should be sent again on the new one (writes with their sequences), or throws. Sending again is worth it only
     * for a broker that answered this client before (stalled or restarting) and for {@value #SENDS} waits in a
     * row at most; an endpoint nothing ever answered on most likely has no broker, and gets one wait.
     *
     * @param timeout     the timeout.
     * @param silentWaits how many waits in a row went unanswered before this one.
     * @param waitedFor   what was waited for, for the message.
     * @param sequence    the sequence of the one write waited for, else -1 (several writes, or a query).
     * @param writes      whether writes were waited for (the message then says they are not known to be journaled).
     * @throws NoReplyException when they are not to be sent again.
     */
    void reconnectToSendAgain(final NoReplyException timeout, final int silentWaits, final String waitedFor,
        final long sequence, final boolean writes)
    {
        dealer.close();
        dealer = newDealer();
        if (!heard)
        {
            throw timeout;
        }
        if (silentWaits + 1 >= SENDS)
        {
            final String tooLong = tooLongForAReply();
            throw new NoReplyException("no reply from the broker to " + waitedFor + ", sent " + SENDS +
                " times, waiting " + timeoutMillis + " ms after each" + (writes ? ": not known to be journaled; " +
                "send again with the same sequence to find out" : "") + (tooLong == null ? "" : " (" + tooLong + ")"),
                sequence);
        }
    }

    private ZMQ.Socket newDealer()
    {
        final ZMQ.Socket socket = zmq.createSocket(SocketType.DEALER);
        socket.setLinger(0);
        socket.setReceiveTimeOut(timeoutMillis);
        socket.setSendTimeOut(timeoutMillis);
        socket.setHandshakeIvl(HANDSHAKE_MILLIS);
        connect(socket, routerEndpoint);
        return socket;
    }

    /**
     * Connects a socket, saying which endpoint failed and why: ZeroMQ's own message names neither the broker nor,
     * for a malformed endpoint, the form it wants.
     */
    static void connect(final ZMQ.Socket socket, final String endpoint)
    {
        try
        {
            socket.connect(endpoint);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("invalid broker endpoint=" + endpoint + " (tcp://HOST:PORT): " +
                ex.getMessage(), ex);
        }
        catch (final ZMQException ex)
        {
            throw new ZomException(ErrorCode.UNAVAILABLE, "cannot connect to the broker at " + endpoint + ": " +
                ex.getMessage(), ex);
        }
    }

    /**
     * Connects to a broker.
     *
     * @param routerEndpoint the broker's ROUTER endpoint.
     * @param pullEndpoint   the broker's PULL endpoint, or null when fire-and-forget writes are not used.
     * @return the client.
     */
    public static ZomClient connect(final String routerEndpoint, final String pullEndpoint)
    {
        return new ZomClient(routerEndpoint, pullEndpoint, ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
            true, 10_000);
    }

    /**
     * Connects with a chosen client id (to resume a numbering, e.g. after a restart) and reply timeout.
     *
     * @param routerEndpoint the broker's ROUTER endpoint.
     * @param pullEndpoint   the broker's PULL endpoint, or null.
     * @param clientId       a non-zero id unique to this writer.
     * @param timeoutMillis  how long to wait for a reply; also how long {@link #close} gives fire-and-forget writes
     *                       still queued to go out before it drops them (the broker may be down).
     * @return the client.
     */
    public static ZomClient connect(
        final String routerEndpoint, final String pullEndpoint, final long clientId, final int timeoutMillis)
    {
        return new ZomClient(routerEndpoint, pullEndpoint, clientId, false, timeoutMillis);
    }

    /**
     * This client's id.
     *
     * @return the id.
     */
    public long clientId()
    {
        return clientId;
    }

    /**
     * The priority given to this client's writes from now on (default 0).
     *
     * @param priority the priority.
     * @return this client.
     */
    public ZomClient priority(final short priority)
    {
        this.priority = priority;
        return this;
    }

    /**
     * Whether the value each of this client's writes replaces goes to the entry's history from now on (default no:
     * only values that lose a conflict do, unless the broker keeps the history of every overwrite). {@code zom
     * restore} sets it, so that a restore can itself be undone.
     *
     * @param keep true to keep what each write replaces.
     * @return this client.
     */
    public ZomClient keepHistory(final boolean keep)
    {
        this.writeFlags = keep ? Protocol.REQUEST_FLAG_KEEP_HISTORY : 0;
        return this;
    }

    /**
     * Gathers writes into batches of up to this many (default 1: every write is its own frame). Batches cost the
     * broker and the network one frame per batch instead of one per write.
     *
     * @param writes writes per batch, 1 to 65535.
     * @return this client.
     */
    public ZomClient batch(final int writes)
    {
        if (writes < 1 || writes > 0xFFFF)
        {
            throw new IllegalArgumentException("batch of " + writes + " writes (1 to 65535)");
        }
        flush();
        this.batch = writes;
        return this;
    }

    /**
     * Sends the writes gathered in batches so far (fire-and-forget and acknowledged); nothing when not batching.
     */
    public void flush()
    {
        sendGathered(push, pushBatch);
        sendGathered(dealer, dealerBatch);
    }

    /**
     * The priority given to this client's writes.
     *
     * @return the priority.
     */
    public short priority()
    {
        return priority;
    }

    /**
     * The sequence the next write will get.
     *
     * @param sequence the next sequence (to resume a numbering).
     * @return this client.
     */
    public ZomClient nextSequence(final long sequence)
    {
        this.nextSequence = sequence;
        return this;
    }

    /**
     * Sends a write over PUSH without waiting: the highest rate, no acknowledgement, nothing reported if the broker
     * refuses it (it counts it). While the broker is behind, ZeroMQ's queues fill and this waits for room, up to the
     * reply timeout. It travels apart from this client's queries, so a {@link #read} just after it may answer with
     * the value before it (most did, on loopback): write with {@link #writeAcked} what you read back.
     *
     * @param location an absolute location.
     * @param metapath a metapath.
     * @param value    the value.
     * @throws ZomException {@code UNAVAILABLE} when no room came within the timeout (the broker down or far
     *                      behind): the write was not sent (nor, when batching, the batch it was gathered in).
     */
    public void write(final String location, final String metapath, final Value value)
    {
        if (push == null)
        {
            if (pullEndpoint == null)
            {
                throw new IllegalStateException("connected without a PULL endpoint");
            }
            push = zmq.createSocket(SocketType.PUSH);
            push.setLinger(timeoutMillis);
            push.setSendTimeOut(timeoutMillis);
            push.setHandshakeIvl(HANDSHAKE_MILLIS);
            connect(push, pullEndpoint);
        }
        if (batch > 1)
        {
            add(push, pushBatch, nextSequence++, priority, location, metapath, value);
            return;
        }
        final int length = encoder.encode(out, 0, Protocol.OP_WRITE, clientId, nextSequence++, writeFlags, priority,
            location, metapath, value);
        if (!push.send(out.byteArray(), 0, length, 0))
        {
            throw notTaken(push);
        }
    }

    private void add(
        final ZMQ.Socket socket, final BatchEncoder batched, final long sequence, final short priority,
        final String location, final String metapath, final Value value)
    {
        final int offset = batched.length();
        batched.add(clientId, sequence, writeFlags, priority, location, metapath, value);
        final int length = batched.length() - offset;
        if (length > Protocol.BATCH_FILL_BYTES)
        {
            sendAlone(socket, batched, offset, length);
        }
        else if (batched.count() >= batch || batched.length() >= Protocol.BATCH_FILL_BYTES)
        {
            sendGathered(socket, batched);
        }
    }

    /**
     * Sends a write longer than a batch is filled to as a frame of its own, after the batch gathered before it: in
     * that batch it could make the frame longer than the broker takes, and the broker would refuse the writes beside
     * it with it. Alone it is answered (or refused {@code OVERSIZE}) on its own.
     */
    private void sendAlone(final ZMQ.Socket socket, final BatchEncoder batched, final int offset, final int length)
    {
        batched.removeLast(offset);
        sendGathered(socket, batched);
        if (!socket.send(batched.buffer().byteArray(), offset, length, 0))
        {
            throw notTaken(socket);
        }
        sentUnanswered(socket, length);
    }

    /**
     * Sends the batch being gathered, if any, or throws when the socket did not take it within its send timeout.
     */
    private void sendGathered(final ZMQ.Socket socket, final BatchEncoder batched)
    {
        if (!sendBatch(socket, batched))
        {
            throw notTaken(socket);
        }
    }

    /**
     * Sends the batch being gathered, if any.
     *
     * @return false when the socket did not take it within its send timeout.
     */
    private static boolean sendBatch(final ZMQ.Socket socket, final BatchEncoder batched)
    {
        if (batched.count() == 0)
        {
            return true;
        }
        final boolean sent = socket.send(batched.buffer().byteArray(), 0, batched.finish(), 0);
        batched.reset();
        return sent;
    }

    /**
     * A write, batch or query ZeroMQ would not queue within the timeout: its queue to the broker is full (the broker
     * down or far behind), or it has no connection to queue on (a DEALER whose handshake was refused, at an endpoint
     * that is not a broker's ROUTER). Waiting on would hang a render process for as long as that lasts.
     */
    private ZomException notTaken(final ZMQ.Socket socket)
    {
        if (socket == dealer)
        {
            return new NoReplyException("the broker at " + routerEndpoint + " took no request for " + timeoutMillis +
                " ms: it was not sent (" + EndpointProbe.describe(routerEndpoint) + ")", -1);
        }
        return new ZomException(ErrorCode.UNAVAILABLE, "the broker at " + pullEndpoint + " took no fire-and-forget " +
            "write for " + timeoutMillis + " ms: this write was not sent" +
            (batch > 1 ? ", nor the batch it was gathered in" : "") + " (down, or far behind? " +
            EndpointProbe.describePull(pullEndpoint) + ")");
    }

    /**
     * Sends one request to the ROUTER socket, or throws when ZeroMQ would not queue it within the timeout.
     */
    private void sendToRouter(final int length)
    {
        if (!dealer.send(out.byteArray(), 0, length, 0))
        {
            throw notTaken(dealer);
        }
    }

    /**
     * Writes and waits until the broker has journaled the write. When no reply comes within the timeout from a broker
     * that has answered this client before (stalled or restarting), it sends the write again with its sequence on a
     * new connection, up to {@value #SENDS} waits in all (a client no broker ever answered gives up after one,
     * as when none is running): the broker acknowledges a write it already journaled with its original
     * index, so the write is journaled once however many times it is sent, and a reply lost with the old connection
     * does not turn up as the answer to a later write. Call it with no {@link #send} awaiting its acknowledgement.
     *
     * @param location an absolute location.
     * @param metapath a metapath.
     * @param value    the value.
     * @return the acknowledgement.
     * @throws ZomException when the broker refuses the write; {@link NoReplyException} when it did not answer any
     *                      of the tries (the write may or may not be journaled: {@link #resend} finds out).
     */
    public Ack writeAcked(final String location, final String metapath, final Value value)
    {
        final long sequence = send(location, metapath, value);
        int silentWaits = 0;
        while (true)
        {
            try
            {
                return receiveAck();
            }
            catch (final NoReplyException ex)
            {
                reconnectToSendAgain(ex, silentWaits++, "the write with sequence=" + sequence, sequence, true);
                resend(sequence, location, metapath, value);
            }
            catch (final ZomException ex)
            {
                if (ex.code() != ErrorCode.BUSY)
                {
                    throw ex;
                }
                LockSupport.parkNanos(BUSY_RETRY_NANOS);
                resend(sequence, location, metapath, value);
            }
        }
    }

    /**
     * Sends an acknowledged write without waiting; pair each with a later {@link #receiveAck()}.
     *
     * @param location an absolute location.
     * @param metapath a metapath.
     * @param value    the value.
     * @return the write's sequence.
     */
    public long send(final String location, final String metapath, final Value value)
    {
        final long sequence = nextSequence++;
        resend(sequence, location, metapath, value);
        return sequence;
    }

    /**
     * Sends a write again with the sequence it had (after {@code busy}, a timeout, or a restart): the broker
     * acknowledges a retry of a journaled write with its original index and does not journal it twice.
     *
     * @param sequence the write's sequence.
     * @param location an absolute location.
     * @param metapath a metapath.
     * @param value    the value.
     */
    public void resend(final long sequence, final String location, final String metapath, final Value value)
    {
        send(sequence, priority, location, metapath, value);
    }

    /**
     * Sends an acknowledged write with a sequence and priority of the caller's choosing (a staged write keeps the
     * ones it was committed with, so pushing it again is recognised as a retry).
     *
     * @param sequence the write's sequence.
     * @param priority the write's priority.
     * @param location an absolute location.
     * @param metapath a metapath.
     * @param value    the value.
     */
    public void send(
        final long sequence, final short priority, final String location, final String metapath, final Value value)
    {
        if (batch > 1)
        {
            add(dealer, dealerBatch, sequence, priority, location, metapath, value);
            return;
        }
        final int length = encoder.encode(out, 0, Protocol.OP_WRITE, clientId, sequence, writeFlags, priority,
            location, metapath, value);
        sendToRouter(length);
        sentUnanswered(dealer, length);
    }

    /**
     * Remembers the longest request sent to the ROUTER socket since the last reply, to name in the message of a
     * reply that never comes.
     */
    private void sentUnanswered(final ZMQ.Socket socket, final int length)
    {
        if (socket == dealer)
        {
            longestUnanswered = Math.max(longestUnanswered, length);
        }
    }

    /**
     * Why a broker that runs may have sent no reply: ZeroMQ closes the connection of a frame past the broker's limit
     * before the broker sees it (PROTOCOL.md); any request longer than a batch is filled to is past the broker's
     * default {@code max.request} already.
     */
    private String tooLongForAReply()
    {
        return longestUnanswered <= Protocol.BATCH_FILL_BYTES ? null : "a request of " + longestUnanswered +
            " bytes was sent: a broker closes the connection of a frame longer than twice its longest batch " +
            "(2 × (8 + 8 KiB + max.request), 32 KiB by default) without a reply";
    }

    /**
     * Waits for the next write reply. Match it to its write by {@link Ack#sequence()}: a write sent again on the same
     * connection ({@link #resend}) may be answered twice, the late reply to the first send coming first.
     *
     * @return the acknowledgement.
     * @throws ZomException when the write was refused ({@link ErrorCode#BUSY}: resend it), or on timeout.
     */
    public Ack receiveAck()
    {
        if (batchCursor < 0)
        {
            receiveWriteReply();
            if (reply.operation() == Protocol.OP_WRITE_BATCH && reply.status() == Protocol.STATUS_OK)
            {
                batchCursor = reply.payloadOffset();
                batchEnd = batchCursor + reply.payloadLength();
            }
        }
        if (batchCursor >= 0)
        {
            nextBatchEntry();
        }
        throwIfRefused();
        final byte flags = reply.flags();
        final boolean conflict = (flags & (Protocol.FLAG_OVERWROTE | Protocol.FLAG_SUPERSEDED)) != 0 &&
            reply.payloadLength() == Protocol.CONFLICT_PAYLOAD_LENGTH;
        return new Ack(reply.sequence(), reply.journalIndex(), (flags & Protocol.FLAG_DUPLICATE) != 0,
            (flags & Protocol.FLAG_OVERWROTE) != 0, (flags & Protocol.FLAG_SUPERSEDED) != 0,
            conflict ? inBuffer.getLong(reply.payloadOffset(), ByteOrder.LITTLE_ENDIAN) : 0,
            conflict ? inBuffer.getLong(reply.payloadOffset() + 8, ByteOrder.LITTLE_ENDIAN) : -1);
    }

    /**
     * Reads the newest journaled value of an entry: every acknowledged write is in it; a fire-and-forget
     * {@link #write} may not be yet.
     *
     * @param location an absolute location.
     * @param metapath a metapath.
     * @return the value.
     * @throws ZomException with the broker's refusal: {@code NOT_FOUND}, {@code UNREADABLE}, or {@code BUSY} when
     *                      the broker already has 64 queries waiting on the disk of this location (slow or hung).
     */
    public Value read(final String location, final String metapath)
    {
        query(Protocol.OP_READ, location, metapath);
        final OmType type = Protocol.typeOf(inBuffer.getByte(reply.payloadOffset()));
        return WireValues.decode(type, inBuffer, reply.payloadOffset() + 1, reply.payloadLength() - 1);
    }

    /**
     * Lists the entries of a location, or of a group in it, pending writes included.
     *
     * @param location an absolute location.
     * @param group    a group's metapath, or null.
     * @return each entry as "name", "type".
     */
    public List<String[]> ls(final String location, final String group)
    {
        query(Protocol.OP_LS, location, group == null ? "" : group);
        final List<String[]> entries = new ArrayList<>();
        for (final String line : reply.payloadText().split("\n"))
        {
            if (!line.isEmpty())
            {
                entries.add(line.split("\t", 2));
            }
        }
        return entries;
    }

    /**
     * The broker's counters, in the Prometheus text format.
     *
     * @return the counters.
     */
    public String stat()
    {
        query(Protocol.OP_STAT, "", "");
        return reply.payloadText();
    }

    /**
     * One unlabelled counter of a {@link #stat()} answer, e.g. {@code zom_journaled_total}.
     *
     * @param stat the answer.
     * @param name the counter's name.
     * @return its value.
     * @throws IllegalArgumentException when the answer has no such counter.
     */
    public static long counter(final String stat, final String name)
    {
        for (final String line : stat.split("\n"))
        {
            if (line.startsWith(name + " "))
            {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new IllegalArgumentException("no counter " + name + " in the broker's stat");
    }

    /**
     * Steps to the next write reply inside a batch reply: each is a complete reply of its own.
     */
    private void nextBatchEntry()
    {
        final int available = batchEnd - batchCursor;
        final long entryLength = available < Protocol.REPLY_HEADER_LENGTH ? -1 :
            Protocol.REPLY_HEADER_LENGTH + (inBuffer.getInt(batchCursor + 24, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL);
        if (entryLength < 0 || entryLength > available)
        {
            batchCursor = -1;
            throw new ZomException(ErrorCode.MALFORMED, "malformed batch reply from the broker");
        }
        reply.wrap(inBuffer, batchCursor, (int)entryLength);
        batchCursor += (int)entryLength;
        if (batchCursor >= batchEnd)
        {
            batchCursor = -1;
        }
    }

    /**
     * Sends a query and waits for its answer. Write replies that come first (of pipelined writes, or the rest of a
     * batch reply not yet taken) are held for {@link #receiveAck()}. When no answer comes within the timeout, asks
     * again on a new connection as {@link #writeAcked} sends a write again (a query changes nothing, so asking twice
     * is harmless); replies owed to writes still in flight go with the old connection, and those writes time out.
     */
    private void query(final byte operation, final String location, final String metapath)
    {
        flush();
        holdRestOfBatchReply();
        final long sequence = nextSequence++;
        final int length = encoder.encode(out, 0, operation, clientId, sequence, (byte)0, priority, location,
            metapath, null);
        sendToRouter(length);
        int silentWaits = 0;
        while (true)
        {
            final int received;
            try
            {
                received = receiveWhole();
            }
            catch (final NoReplyException ex)
            {
                reconnectToSendAgain(ex, silentWaits++, describeQuery(operation, location, metapath), -1, false);
                sendToRouter(length);
                continue;
            }
            if (reply.operation() == Protocol.OP_WRITE || reply.operation() == Protocol.OP_WRITE_BATCH)
            {
                held.hold(inBuffer, 0, received);
                continue;
            }
            if (reply.operation() == Protocol.OP_UNDECODED ||
                reply.sequence() == sequence && reply.operation() == operation)
            {
                throwIfRefused();
                return;
            }
        }
    }

    private static String describeQuery(final byte operation, final String location, final String metapath)
    {
        final String where = location + (metapath.isEmpty() ? "" : " " + metapath);
        return switch (operation)
        {
            case Protocol.OP_READ -> "the read of " + where;
            case Protocol.OP_LS -> "the ls of " + where;
            default -> "the stat request";
        };
    }

    private void holdRestOfBatchReply()
    {
        while (batchCursor >= 0)
        {
            final int entryStart = batchCursor;
            nextBatchEntry();
            held.hold(inBuffer, entryStart, (batchCursor < 0 ? batchEnd : batchCursor) - entryStart);
        }
    }

    /**
     * Takes the next write reply: a held one, one that already arrived, or the next to arrive. Only before blocking
     * does it send the batch being gathered, whose acknowledgements may be the ones awaited: sending it at every
     * call made a pipeline with a full window send each write alone as soon as it took its first batch reply.
     */
    private void receiveWriteReply()
    {
        if (!held.isEmpty())
        {
            reply.wrap(inBuffer, 0, held.take(in));
            return;
        }
        final int arrived = dealer.recv(in, 0, in.length, ZMQ.DONTWAIT);
        if (arrived >= 0)
        {
            wrapReceived(arrived);
            return;
        }
        sendGathered(dealer, dealerBatch);
        receive();
    }

    private int receive()
    {
        return wrapReceived(dealer.recv(in, 0, in.length, 0));
    }

    /**
     * Receives the next reply whatever its length (a listing of a large group passes a megabyte), growing the buffer
     * for it: the query path, which allocates anyway.
     */
    private int receiveWhole()
    {
        final byte[] message = dealer.recv(0);
        if (message == null)
        {
            return wrapReceived(-1);
        }
        if (message.length > in.length)
        {
            in = new byte[message.length];
            inBuffer.wrap(in);
        }
        System.arraycopy(message, 0, in, 0, message.length);
        return wrapReceived(message.length);
    }

    private int wrapReceived(final int length)
    {
        if (length < 0)
        {
            final String tooLong = tooLongForAReply();
            throw new NoReplyException(heard ? "no reply from the broker within " + timeoutMillis + " ms" +
                (tooLong == null ? "" : " (" + tooLong + ")") : "no reply from the broker at " + routerEndpoint +
                " within " + timeoutMillis + " ms (" +
                (tooLong == null ? "none has answered this client yet: " + EndpointProbe.describe(routerEndpoint) :
                tooLong) + ")", -1);
        }
        heard = true;
        longestUnanswered = 0;
        reply.wrap(inBuffer, 0, Math.min(length, in.length));
        if (!reply.isWellFormed())
        {
            throw new ZomException(ErrorCode.MALFORMED, "malformed reply from the broker, length=" + length);
        }
        return Math.min(length, in.length);
    }

    private void throwIfRefused()
    {
        if (reply.status() != Protocol.STATUS_OK)
        {
            final ErrorCode known = ErrorCode.of(reply.errorCode());
            final ErrorCode code = known == null ? ErrorCode.MALFORMED : known;
            if (reply.operation() == Protocol.OP_UNDECODED)
            {
                throw new ZomException(code, reply.payloadText() +
                    " (the broker could not tell which request of this client it refused)");
            }
            if (reply.operation() == Protocol.OP_WRITE_BATCH)
            {
                throw new ZomException(code, reply.payloadText() +
                    " (a whole batch of this client's writes refused: none of it was journaled)");
            }
            throw new WriteRefusedException(code, reply.payloadText(), reply.sequence());
        }
    }

    /**
     * Sends the batches being gathered and closes the sockets. Fire-and-forget writes still queued (a broker down or
     * far behind) get up to the reply timeout to go out and are then dropped, so that a process can always exit. A
     * client whose id it chose itself ({@link #connect(String, String)}), and that sent anything, says {@code bye}
     * first, without waiting for the reply: nothing can ever be sent under that id again, so the broker forgets its
     * retry window a minute later instead of keeping it for a day (render tasks that each open a client of their own
     * would otherwise fill the broker's memory).
     */
    @Override
    public void close()
    {
        sendBatch(push, pushBatch);
        if (ownsId && nextSequence > 1)
        {
            final int length = encoder.encode(out, 0, Protocol.OP_BYE, clientId, nextSequence++, (byte)0, (short)0,
                "", "", null);
            dealer.setLinger(BYE_LINGER_MILLIS);
            dealer.send(out.byteArray(), 0, length, ZMQ.DONTWAIT);
        }
        zmq.close();
    }
}
