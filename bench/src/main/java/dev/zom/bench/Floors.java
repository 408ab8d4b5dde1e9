package dev.zom.bench;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.zom.journal.DurabilityMode;
import dev.zom.journal.Journal;
import dev.zom.journal.JournalAppender;
import dev.zom.protocol.JournalRecord;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The architecture's floors: what the bare pipeline of ARCHITECTURE.md does here, with none of zom's work (no
 * decoding, validation, arbiter, counters, acker stage or disk writer), measured with the same message bytes,
 * clients and window as the {@link RawCeilings}. PULL into a Disruptor ring whose one handler appends each message to
 * the journal; and a ROUTER thread that appends what it reads and echoes it once a sync on a second thread covers it
 * (group commit with no ring). The PULL floor's thread blocks on its one socket, which zom's ingress, serving two
 * sockets, cannot: it must poll (results/2026-11-30 measures what that costs).
 */
final class Floors
{
    private static final int HEADER = JournalRecord.HEADER_LENGTH;
    /** What the ROUTER thread of the acked floor tells its syncer: sync now, or end. */
    private static final byte SYNC = 1;
    private static final byte STOP = 0;

    private Floors()
    {
    }

    /**
     * Floor of the PULL path: messages per second from one PUSH to a PULL whose thread copies each into a ring slot
     * (Disruptor, one producer, blocking wait), and one ring handler that appends it to a journal that is never
     * synced, in records as long as zom's (the message after a journal record header), until the last is appended.
     */
    static double pushPullRingJournal(final Path dir, final byte[] message, final int count) throws Exception
    {
        final CountDownLatch appended = new CountDownLatch(1);
        final long[] end = new long[1];
        try (Journal journal = Journal.open(new Journal.Context().directory(dir).durability(DurabilityMode.NONE));
            ZContext zmq = new ZContext(1))
        {
            final Disruptor<byte[]> disruptor = new Disruptor<>(() -> new byte[HEADER + message.length + 64], 2048,
                runnable -> new Thread(runnable, "raw-ring"), ProducerType.SINGLE, new BlockingWaitStrategy());
            disruptor.handleEventsWith(new AppendingHandler(journal, count, appended, end));
            final RingBuffer<byte[]> ring = disruptor.start();
            final ZMQ.Socket pull = zmq.createSocket(SocketType.PULL);
            pull.setHandshakeIvl(RawCeilings.HANDSHAKE_MILLIS);
            pull.bind("tcp://127.0.0.1:*");
            final Thread receiver = new Thread(() ->
            {
                for (int i = 0; i < count; i++)
                {
                    final long sequence = ring.next();
                    final byte[] slot = ring.get(sequence);
                    final int length = pull.recv(slot, HEADER, slot.length - HEADER, 0);
                    slot[0] = (byte)length;
                    slot[1] = (byte)(length >>> 8);
                    ring.publish(sequence);
                }
            }, "raw-pull");
            receiver.start();
            final double rate = RawCeilings.pushInto(pull.getLastEndpoint(), message, count, appended, end);
            receiver.join();
            disruptor.shutdown();
            return rate;
        }
    }

    /** The ring handler of {@link #pushPullRingJournal}: appends each slot's record. */
    private static final class AppendingHandler implements EventHandler<byte[]>
    {
        private final Journal journal;
        private final int count;
        private final CountDownLatch appended;
        private final long[] end;
        private JournalAppender appender;
        private int records;

        AppendingHandler(final Journal journal, final int count, final CountDownLatch appended, final long[] end)
        {
            this.journal = journal;
            this.count = count;
            this.appended = appended;
            this.end = end;
        }

        @Override
        public void onStart()
        {
            appender = journal.appender();
        }

        @Override
        public void onEvent(final byte[] slot, final long sequence, final boolean endOfBatch)
        {
            final int length = (slot[0] & 0xFF) | (slot[1] & 0xFF) << 8;
            appender.append(slot, 0, HEADER + length);
            if (++records == count)
            {
                end[0] = System.nanoTime();
                appended.countDown();
            }
        }

        @Override
        public void onShutdown()
        {
            appender.close();
        }
    }

    /**
     * Floor of the acknowledged path: round trips per second from the same pipelining DEALER clients to a ROUTER
     * thread that appends each request to a journal (records as long as zom's) and echoes it once a group commit
     * covers it. A second thread syncs the journal ({@code fdatasync}, as durability {@code batch} does) while the
     * ROUTER thread goes on reading and appending; each sync covers what was appended before it began, so appends and
     * syncs overlap as in zom's group commit. The two threads signal each other over {@code inproc} PAIR sockets.
     */
    static double dealerRouterGroupCommit(
        final Path dir, final byte[] message, final int count, final int clients, final int window) throws Exception
    {
        try (Journal journal = Journal.open(new Journal.Context().directory(dir).durability(DurabilityMode.BATCH));
            ZContext zmq = new ZContext(1))
        {
            final ZMQ.Socket router = zmq.createSocket(SocketType.ROUTER);
            router.setSndHWM(1_000_000);
            router.setHandshakeIvl(RawCeilings.HANDSHAKE_MILLIS);
            router.bind("tcp://127.0.0.1:*");
            final ZMQ.Socket toSyncer = zmq.createSocket(SocketType.PAIR);
            toSyncer.bind("inproc://raw-group-commit");
            final ZMQ.Socket fromRouter = zmq.createSocket(SocketType.PAIR);
            fromRouter.connect("inproc://raw-group-commit");
            final int perClient = count / clients;
            final Thread syncer = new Thread(() -> syncOnRequest(journal, fromRouter), "raw-ring");
            syncer.start();
            final ZMQ.Poller poller = zmq.createPoller(2);
            final Thread committer = new Thread(() -> new GroupCommitEcho(journal, router, toSyncer, message.length,
                clients * window).run(poller, perClient * clients), "raw-router");
            committer.start();
            final double rate = RawCeilings.pipelined(router.getLastEndpoint(), message, perClient, clients, window);
            committer.join();
            syncer.join();
            return rate;
        }
    }

    /** The syncing thread of {@link #dealerRouterGroupCommit}: each request is answered after one sync. */
    private static void syncOnRequest(final Journal journal, final ZMQ.Socket pair)
    {
        final byte[] request = new byte[1];
        while (pair.recv(request, 0, 1, 0) == 1 && request[0] == SYNC)
        {
            journal.syncer().sync();
            pair.send(request, 0, 1, 0);
        }
    }

    /**
     * The ROUTER thread of {@link #dealerRouterGroupCommit}: requests are appended into the open group; when no sync
     * is running the open group is handed to the syncer, and when its sync is done its requests are echoed.
     */
    private static final class GroupCommitEcho
    {
        private final JournalAppender appender;
        private final ZMQ.Socket router;
        private final ZMQ.Socket syncer;
        private final byte[] signal = new byte[1];
        private Group open;
        private Group syncing;

        GroupCommitEcho(
            final Journal journal, final ZMQ.Socket router, final ZMQ.Socket syncer, final int length,
            final int inFlight)
        {
            this.appender = journal.appender();
            this.router = router;
            this.syncer = syncer;
            this.open = new Group(inFlight, HEADER + length + 64);
            this.syncing = new Group(inFlight, HEADER + length + 64);
        }

        void run(final ZMQ.Poller poller, final int count)
        {
            try (poller)
            {
                poller.register(router, ZMQ.Poller.POLLIN);
                poller.register(syncer, ZMQ.Poller.POLLIN);
                boolean syncRunning = false;
                int echoed = 0;
                while (echoed < count)
                {
                    poller.poll(-1);
                    if (poller.pollin(1))
                    {
                        syncer.recv(signal, 0, 1, 0);
                        echoed += syncing.echo(router);
                        syncRunning = false;
                    }
                    while (open.size < open.identities.length && open.read(router, appender))
                    {
                        continue;
                    }
                    if (!syncRunning && open.size > 0)
                    {
                        final Group handed = open;
                        open = syncing;
                        syncing = handed;
                        signal[0] = SYNC;
                        syncer.send(signal, 0, 1, 0);
                        syncRunning = true;
                    }
                }
                signal[0] = STOP;
                syncer.send(signal, 0, 1, 0);
            }
            finally
            {
                appender.close();
            }
        }
    }

    /** Requests appended and waiting for one sync: their identities and bodies. */
    private static final class Group
    {
        final byte[][] identities;
        final int[] identityLengths;
        final byte[][] records;
        final int[] recordLengths;
        int size;

        Group(final int capacity, final int recordCapacity)
        {
            identities = new byte[capacity][256];
            identityLengths = new int[capacity];
            records = new byte[capacity][recordCapacity];
            recordLengths = new int[capacity];
        }

        /** Reads one request if one has arrived, appends it, and keeps it; false when none has. */
        boolean read(final ZMQ.Socket router, final JournalAppender appender)
        {
            final int identityLength = router.recv(identities[size], 0, 256, ZMQ.DONTWAIT);
            if (identityLength < 0)
            {
                return false;
            }
            identityLengths[size] = identityLength;
            recordLengths[size] = HEADER + router.recv(records[size], HEADER, records[size].length - HEADER, 0);
            appender.append(records[size], 0, recordLengths[size]);
            size++;
            return true;
        }

        /** Echoes every request of the group and empties it; returns how many. */
        int echo(final ZMQ.Socket router)
        {
            for (int i = 0; i < size; i++)
            {
                router.send(identities[i], 0, identityLengths[i], ZMQ.SNDMORE);
                router.send(records[i], HEADER, recordLengths[i] - HEADER, 0);
            }
            final int echoed = size;
            size = 0;
            return echoed;
        }
    }
}
