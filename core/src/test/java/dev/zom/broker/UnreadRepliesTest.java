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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A client that sends acknowledged writes and never reads the replies (a script that forgot to) cannot make the
 * broker hold its replies without bound: past {@code reply.hwm} ZeroMQ drops them, and the client can have any of
 * them again by resending the write. With the old high-water mark of a million replies such a client filled a
 * 64 MiB broker's heap within seconds, and the broker stopped answering anyone.
 */
@Timeout(180)
class UnreadRepliesTest
{
    private static final int WRITES = 2_000_000;

    @TempDir
    Path dir;

    @Test
    void aClientThatNeverReadsItsRepliesShouldNotExhaustTheBrokersHeap() throws Exception
    {
        try (ChildJvm child = ChildJvm.start(List.of("-Xmx64m"), BrokerMain.class, dir.toString(), "none"))
        {
            final String[] endpoints = child.readLine(60_000).split(" ");
            final String shot = dir.resolve("data/shot").toString();
            try (ZContext zmq = new ZContext(1))
            {
                final ZMQ.Socket dealer = zmq.createSocket(SocketType.DEALER);
                dealer.setLinger(0);
                dealer.setSendTimeOut(30_000);
                dealer.connect(endpoints[2]);
                for (int i = 0; i < WRITES; i++)
                {
                    if (!dealer.send(RawPeer.write(i + 1, shot + (i % 10), "e" + (i % 1000), Value.of((long)i)), 0))
                    {
                        fail("the broker stopped reading after " + i + " writes (alive: " + child.isAlive() + ")");
                    }
                }
                try (ZomClient client = ZomClient.connect(endpoints[2], null, 42, 120_000))
                {
                    assertThat(client.writeAcked(shot, "after", Value.of(1L)).journalIndex())
                        .as("journal index of a well-behaved client's write").isPositive();
                }
            }
            assertThat(child.isAlive()).as("broker still running").isTrue();
        }
    }
}
