package dev.zom.broker;

import dev.zom.ChildJvm;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import dev.zom.recovery.BrokerMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A broker in a JVM with a 64 MiB heap keeps working under clients that would make ZeroMQ hold more than that for
 * it: what ZeroMQ may queue per connection is bounded by the broker's settings (docs/PROTOCOL.md, flow control).
 * Each case filled such a broker's heap before its fix; the broker then stopped reading anyone's writes.
 */
@Timeout(180)
class SmallHeapBrokerTest
{
    @TempDir
    Path dir;

    /**
     * A script that sends acknowledged writes and never reads the replies: past {@code reply.hwm} ZeroMQ drops them
     * (a resend gets the original index). At a million replies it failed after 323,500 writes.
     */
    @Test
    void aClientThatNeverReadsItsRepliesShouldNotExhaustTheBrokersHeap() throws Exception
    {
        try (ChildJvm child = smallBroker("none"))
        {
            final String[] endpoints = child.readLine(60_000).split(" ");
            final String shot = dir.resolve("data/shot").toString();
            try (ZContext zmq = new ZContext(1))
            {
                final ZMQ.Socket dealer = dealer(zmq, endpoints[2]);
                for (int i = 0; i < 2_000_000; i++)
                {
                    send(child, dealer, i, RawPeer.write(i + 1, shot + (i % 10), "e" + (i % 1000), Value.of((long)i)));
                }
            }
            assertStillAcknowledges(child, endpoints[2], 0);
        }
    }

    /**
     * Two clients pushing write batches as fast as they can while the journal syncs: the ring fills, the PULL socket
     * stops being read, and ZeroMQ queues up to {@code hwm} frames of each. With 64 KiB batches one client was enough.
     */
    @Test
    void twoBatchingClientsBurstingTogetherShouldNotExhaustTheBrokersHeap() throws Exception
    {
        final int perClient = 500_000;
        try (ChildJvm child = smallBroker("batch"))
        {
            final String[] endpoints = child.readLine(60_000).split(" ");
            final AtomicReference<Throwable> failed = new AtomicReference<>();
            final List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 2; c++)
            {
                final String shot = dir.resolve("data/client" + c + "/shot").toString();
                final Thread client = new Thread(() ->
                {
                    try (ZomClient zom = ZomClient.connect(endpoints[2], endpoints[1]).batch(256))
                    {
                        final Value value = Value.of("v".repeat(100));
                        for (int i = 0; i < perClient; i++)
                        {
                            zom.write(shot + (i % 10), "e" + (i % 1000), value);
                        }
                        zom.flush();
                    }
                    catch (final RuntimeException ex)
                    {
                        failed.set(ex);
                    }
                });
                client.start();
                clients.add(client);
            }
            for (final Thread client : clients)
            {
                client.join();
            }
            assertThat(failed.get()).as("a client's failure").isNull();
            assertStillAcknowledges(child, endpoints[2], 2L * perClient);
        }
    }

    /**
     * Short-lived clients, each with an id of its own (a render task that opens a client, writes, and exits): the
     * broker remembers each one's recent sequences for retries, for a day. At 16 KiB a client (a full window of 1,024)
     * twenty thousand of them filled the heap.
     */
    @Test
    void manyShortLivedClientsShouldNotExhaustTheBrokersHeap() throws Exception
    {
        final int clients = 20_000;
        try (ChildJvm child = smallBroker("none"))
        {
            final String[] endpoints = child.readLine(60_000).split(" ");
            final String shot = dir.resolve("data/shot").toString();
            try (ZContext zmq = new ZContext(1))
            {
                final ZMQ.Socket dealer = dealer(zmq, endpoints[2]);
                for (int c = 1; c <= clients; c++)
                {
                    send(child, dealer, c - 1, RawPeer.write(c, 1, shot + (c % 10), "task" + (c % 1000),
                        Value.of((long)c)));
                    if (c % 1000 == 0)
                    {
                        for (int r = 0; r < 1000; r++)
                        {
                            assertThat(dealer.recv()).as("reply to client %d", c - 1000 + r).isNotNull();
                        }
                    }
                }
            }
            assertStillAcknowledges(child, endpoints[2], clients);
        }
    }

    private static ZMQ.Socket dealer(final ZContext zmq, final String router)
    {
        final ZMQ.Socket dealer = zmq.createSocket(SocketType.DEALER);
        dealer.setLinger(0);
        dealer.setSendTimeOut(30_000);
        dealer.setReceiveTimeOut(30_000);
        dealer.connect(router);
        return dealer;
    }

    /**
     * Sends a request, failing the test if the broker stops reading ({@code sent} requests went before it).
     */
    private static void send(final ChildJvm child, final ZMQ.Socket dealer, final int sent, final byte[] request)
    {
        if (!dealer.send(request, 0))
        {
            fail("the broker stopped reading after " + sent + " requests (alive: " + child.isAlive() + ")");
        }
    }

    private ChildJvm smallBroker(final String durability) throws Exception
    {
        return ChildJvm.start(List.of("-Xmx64m"), BrokerMain.class, dir.toString(), durability);
    }

    /**
     * Once the broker has journaled {@code journaled} writes, a well-behaved client's acknowledged write goes
     * through.
     */
    private void assertStillAcknowledges(final ChildJvm child, final String router, final long journaled)
    {
        try (ZomClient client = ZomClient.connect(router, null, 42, 60_000))
        {
            Await.until(journaled + " writes journaled", 120_000,
                () -> ZomClient.counter(client.stat(), "zom_journaled_total") >= journaled);
            assertThat(client.writeAcked(dir.resolve("data/shot").toString(), "after", Value.of(1L)).journalIndex())
                .as("journal index of a well-behaved client's write").isPositive();
        }
        assertThat(child.isAlive()).as("broker still running").isTrue();
    }
}
