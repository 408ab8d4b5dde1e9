package dev.zom.bench;

import dev.zom.journal.DurabilityMode;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalAppender;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The ceilings zom is measured against, in the same run and with the same message bytes: raw JeroMQ PUSH to PULL,
 * raw DEALER to an echoing ROUTER with pipelining clients, and (for reference) raw Chronicle Queue appends of
 * records as long as zom's journal records. No zom code on the socket paths. {@link Floors} builds on them.
 */
final class RawCeilings
{
    /** The same handshake interval zom's sockets use (JeroMQ 0.6.0 stalls some loopback handshakes). */
    static final int HANDSHAKE_MILLIS = 1000;

    private RawCeilings()
    {
    }

    /**
     * Records per second one thread appends to a journal (Chronicle Queue, never synced), with nothing else running:
     * what journaling alone costs here, one record per write, before any socket, ring or disk writer.
     */
    static double journalAppend(final Path dir, final int recordLength, final int count) throws Exception
    {
        final byte[] record = new byte[recordLength];
        try (Journal journal = Journal.open(new Journal.Context().directory(dir).durability(DurabilityMode.NONE));
            JournalAppender appender = journal.appender())
        {
            final long start = System.nanoTime();
            for (int i = 0; i < count; i++)
            {
                appender.append(record, 0, recordLength);
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Pushes the messages from one PUSH socket (its own context, like another process) and waits until the receiving
     * side counts down {@code done} having set {@code end[0]}; returns messages per second.
     */
    static double pushInto(
        final String endpoint, final byte[] message, final int count, final CountDownLatch done, final long[] end)
        throws InterruptedException
    {
        try (ZContext clientContext = new ZContext(1))
        {
            final ZMQ.Socket push = clientContext.createSocket(SocketType.PUSH);
            push.setLinger(-1);
            push.setHandshakeIvl(HANDSHAKE_MILLIS);
            push.connect(endpoint);
            final long start = System.nanoTime();
            for (int i = 0; i < count; i++)
            {
                push.send(message, 0, message.length, 0);
            }
            done.await();
            return count / ((end[0] - start) / 1e9);
        }
    }

    /**
     * Messages per second from one PUSH to one PULL over loopback TCP.
     */
    static double pushPull(final byte[] message, final int count) throws Exception
    {
        try (ZContext zmq = new ZContext(1))
        {
            final ZMQ.Socket pull = zmq.createSocket(SocketType.PULL);
            pull.setHandshakeIvl(HANDSHAKE_MILLIS);
            pull.bind("tcp://127.0.0.1:*");
            final CountDownLatch received = new CountDownLatch(1);
            final long[] end = new long[1];
            final Thread receiver = new Thread(() ->
            {
                final byte[] buffer = new byte[message.length + 64];
                for (int i = 0; i < count; i++)
                {
                    pull.recv(buffer, 0, buffer.length, 0);
                }
                end[0] = System.nanoTime();
                received.countDown();
            }, "raw-pull");
            receiver.start();
            final double rate = pushInto(pull.getLastEndpoint(), message, count, received, end);
            receiver.join();
            return rate;
        }
    }

    /**
     * Round trips per second from pipelining DEALER clients (each with its own context, like separate processes)
     * to a ROUTER that echoes every message.
     */
    static double dealerRouter(final byte[] message, final int count, final int clients, final int window)
        throws Exception
    {
        try (ZContext zmq = new ZContext(1))
        {
            final ZMQ.Socket router = zmq.createSocket(SocketType.ROUTER);
            router.setSndHWM(1_000_000);
            router.setHandshakeIvl(HANDSHAKE_MILLIS);
            router.bind("tcp://127.0.0.1:*");
            final String endpoint = router.getLastEndpoint();
            final int perClient = count / clients;
            final Thread echo = new Thread(() -> echo(router, message.length, perClient * clients), "raw-router");
            echo.start();
            final double rate = pipelined(endpoint, message, perClient, clients, window);
            echo.join();
            return rate;
        }
    }

    /**
     * Runs the pipelining DEALER clients, each on its own thread and context (like separate processes), until each
     * has its replies; returns round trips per second.
     */
    static double pipelined(
        final String endpoint, final byte[] message, final int perClient, final int clients, final int window)
        throws InterruptedException
    {
        final List<Thread> threads = new ArrayList<>();
        final long start = System.nanoTime();
        for (int c = 0; c < clients; c++)
        {
            final Thread client = new Thread(() -> pipeline(endpoint, message, perClient, window), "raw-dealer");
            threads.add(client);
            client.start();
        }
        for (final Thread client : threads)
        {
            client.join();
        }
        return perClient * clients / ((System.nanoTime() - start) / 1e9);
    }

    private static void echo(final ZMQ.Socket router, final int length, final int count)
    {
        final byte[] identity = new byte[256];
        final byte[] body = new byte[length + 64];
        for (int i = 0; i < count; i++)
        {
            final int identityLength = router.recv(identity, 0, identity.length, 0);
            final int bodyLength = router.recv(body, 0, body.length, 0);
            router.send(identity, 0, identityLength, ZMQ.SNDMORE);
            router.send(body, 0, bodyLength, 0);
        }
    }

    private static void pipeline(final String endpoint, final byte[] message, final int count, final int window)
    {
        try (ZContext zmq = new ZContext(1))
        {
            final ZMQ.Socket dealer = zmq.createSocket(SocketType.DEALER);
            dealer.setHandshakeIvl(HANDSHAKE_MILLIS);
            dealer.connect(endpoint);
            final byte[] reply = new byte[message.length + 64];
            int sent = 0;
            for (int received = 0; received < count; received++)
            {
                while (sent < count && sent - received < window)
                {
                    dealer.send(message, 0, message.length, 0);
                    sent++;
                }
                dealer.recv(reply, 0, reply.length, 0);
            }
        }
    }
}
