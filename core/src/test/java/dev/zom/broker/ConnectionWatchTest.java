package dev.zom.broker;

import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker counts the connections it accepts and tells those its clients closed from those it closed itself,
 * naming the peer when it closed one for what it sent: ZeroMQ drops a connection that sends a frame longer than the
 * broker reads, or a handshake it cannot take, without a reply and without a word, and such a bad peer went
 * uncounted. Connections whose handshake never finished are counted apart: JeroMQ stalls one now and then.
 */
@Timeout(60)
class ConnectionWatchTest
{
    @TempDir
    Path dir;

    /** A JeroMQ handshake stall may make the client connect twice: each ends closed or timed out, none cut. */
    @Test
    void aClientThatClosesItsConnectionShouldBeCountedAsClosedNotCut() throws Exception
    {
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            try (ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
            {
                client.writeAcked(dir.resolve("data/shot").toString(), "frames", Value.of(1L));
            }
            final Counters counters = broker.counters();
            Await.until("every connection ended", 10_000, () -> counters.get(BrokerCounter.CONNECTIONS_ACCEPTED) ==
                counters.get(BrokerCounter.CONNECTIONS_CLOSED) + counters.get(BrokerCounter.HANDSHAKE_TIMEOUTS));
            assertThat(counters.get(BrokerCounter.CONNECTIONS_CLOSED)).as("the client's close").isPositive();
            assertThat(counters.get(BrokerCounter.CONNECTIONS_CUT)).isZero();
        }
    }

    @Test
    void aConnectionThatNeverSaysHelloShouldBeClosedAsAHandshakeTimeoutAndNotLogged() throws Exception
    {
        try (WatchedRouter router = new WatchedRouter(); ZmtpPeer silent = ZmtpPeer.silent(router.endpoint))
        {
            Await.until("the silent connection closed", 10_000,
                () -> router.counters.get(BrokerCounter.HANDSHAKE_TIMEOUTS) == 1);
            assertThat(silent.closedWithin(10_000)).as("the broker closed it").isTrue();
            assertThat(router.counters.get(BrokerCounter.CONNECTIONS_CUT)).isZero();
            assertThat(router.counters.get(BrokerCounter.CONNECTIONS_CLOSED)).isZero();
            assertThat(router.log()).as("JeroMQ's own stalls end this way too: nothing to say of the peer").isEmpty();
        }
    }

    /** JeroMQ's timers run late when its I/O thread is busy (and on the wall clock): CI once saw a stall as a cut. */
    @Test
    void aHandshakeTimerThatFiresLateShouldStillBeCountedAsATimeout() throws Exception
    {
        try (WatchedRouter router = new WatchedRouter(); ZmtpPeer silent = ZmtpPeer.silent(router.endpoint))
        {
            Await.until("the silent connection accepted", 10_000,
                () -> router.counters.get(BrokerCounter.CONNECTIONS_ACCEPTED) == 1);
            router.holdItsIoThread(IngressAgent.HANDSHAKE_MILLIS * 2);
            Await.until("the silent connection closed", 10_000,
                () -> router.counters.get(BrokerCounter.HANDSHAKE_TIMEOUTS) == 1);
            assertThat(silent.closedWithin(10_000)).as("the broker closed it").isTrue();
            assertThat(router.counters.get(BrokerCounter.CONNECTIONS_CUT)).isZero();
            assertThat(router.log()).isEmpty();
        }
    }

    @Test
    void aPeerAskingForAnotherSecurityMechanismShouldBeCutAndNamed() throws Exception
    {
        try (WatchedRouter router = new WatchedRouter(); ZmtpPeer curve = ZmtpPeer.silent(router.endpoint))
        {
            curve.greet("CURVE");
            Await.until("the CURVE connection cut", 10_000,
                () -> router.counters.get(BrokerCounter.CONNECTIONS_CUT) == 1);
            assertThat(curve.closedWithin(10_000)).as("the broker closed it").isTrue();
            assertThat(router.log()).contains("closed a connection from 127.0.0.1 to the ROUTER socket");
            assertThat(router.counters.get(BrokerCounter.CONNECTIONS_CLOSED)).isZero();
            assertThat(router.counters.get(BrokerCounter.HANDSHAKE_TIMEOUTS)).isZero();
        }
    }

    @Test
    void aPlainSocketThatClosesShouldBeCountedAsClosed() throws Exception
    {
        try (WatchedRouter router = new WatchedRouter())
        {
            ZmtpPeer.silent(router.endpoint).close();
            Await.until("the connection closed", 10_000,
                () -> router.counters.get(BrokerCounter.CONNECTIONS_CLOSED) == 1);
            assertThat(router.counters.get(BrokerCounter.CONNECTIONS_ACCEPTED)).isEqualTo(1);
            assertThat(router.counters.get(BrokerCounter.CONNECTIONS_CUT)).isZero();
            assertThat(router.log()).isEmpty();
        }
    }

    /** A ROUTER socket set up as the broker's are (handshake interval, frame limit), its connections watched. */
    private static final class WatchedRouter implements AutoCloseable
    {
        final Counters counters = new Counters();
        private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
        private final ZContext zmq = new ZContext(1);
        final String endpoint;

        WatchedRouter()
        {
            final ZMQ.Socket socket = zmq.createSocket(SocketType.ROUTER);
            socket.setHandshakeIvl(IngressAgent.HANDSHAKE_MILLIS);
            socket.setMaxMsgSize(64 * 1024);
            new ConnectionWatch(counters, new ErrorLog(new PrintStream(logged, true, StandardCharsets.UTF_8)))
                .watch(socket, "ROUTER");
            socket.bind("tcp://127.0.0.1:*");
            endpoint = socket.getLastEndpoint();
        }

        /**
         * Keeps the router's one ZeroMQ I/O thread busy for a while, so its timers fire late: another socket on the
         * same context sleeps in its hook as it accepts a connection.
         */
        void holdItsIoThread(final long millis) throws Exception
        {
            final ZMQ.Socket sleeper = zmq.createSocket(SocketType.ROUTER);
            sleeper.setEventHook(event -> sleep(millis), ZMQ.EVENT_ACCEPTED);
            sleeper.bind("tcp://127.0.0.1:*");
            ZmtpPeer.silent(sleeper.getLastEndpoint()).close();
        }

        private static void sleep(final long millis)
        {
            try
            {
                Thread.sleep(millis);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        String log()
        {
            return logged.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close()
        {
            zmq.close();
        }
    }
}
