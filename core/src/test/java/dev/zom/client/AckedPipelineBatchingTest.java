package dev.zom.client;

import dev.zom.format.Value;
import dev.zom.protocol.BatchDecoder;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.ReplyEncoder;
import dev.zom.protocol.RequestDecoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pipeline of acknowledged writes with batching keeps sending full batches once its window is full: taking the
 * acknowledgements of a batch reply that already arrived does not send the batch being gathered. A ROUTER in the
 * test plays the broker, counts the writes in every frame it receives and answers each with a batch reply.
 */
class AckedPipelineBatchingTest
{
    private static final int BATCH = 16;
    private static final int WINDOW = 64;
    private static final int WRITES = 640;

    @Test
    void aFullWindowShouldStillSendFullBatches() throws Exception
    {
        try (ZContext zmq = new ZContext(1))
        {
            final ZMQ.Socket router = zmq.createSocket(SocketType.ROUTER);
            router.setReceiveTimeOut(100);
            router.bind("tcp://127.0.0.1:*");
            final List<Integer> writesPerFrame = new CopyOnWriteArrayList<>();
            final Thread broker = new Thread(() -> answer(router, writesPerFrame), "test-broker");
            broker.start();
            final List<Long> acked = new ArrayList<>();
            try (ZomClient client = ZomClient.connect(router.getLastEndpoint(), null, 7, 5_000).batch(BATCH))
            {
                final AckedPipeline pipeline = new AckedPipeline(client, WINDOW, (ack, sentAt) ->
                    acked.add(ack.sequence()));
                for (int i = 0; i < WRITES; i++)
                {
                    pipeline.submit("/shots/s" + (i % 10), "e" + i, Value.of((long)i));
                }
                pipeline.flush();
            }
            broker.interrupt();
            broker.join();
            assertThat(acked).hasSize(WRITES);
            assertThat(writesPerFrame.stream().mapToInt(Integer::intValue).sum()).isEqualTo(WRITES);
            assertThat(writesPerFrame.stream().filter(n -> n < BATCH).count())
                .as("frames with fewer than %d writes, of %s", BATCH, writesPerFrame).isLessThanOrEqualTo(1);
        }
    }

    /**
     * Answers every write of every frame with ok, in one batch reply per frame, until interrupted.
     */
    private static void answer(final ZMQ.Socket router, final List<Integer> writesPerFrame)
    {
        final byte[] body = new byte[1 << 20];
        final UnsafeBuffer in = new UnsafeBuffer(body);
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(1 << 16);
        final BatchDecoder batch = new BatchDecoder();
        final RequestDecoder request = new RequestDecoder();
        long journalIndex = 0;
        while (!Thread.currentThread().isInterrupted())
        {
            final byte[] identity = router.recv();
            if (identity == null)
            {
                continue;
            }
            final int length = router.recv(body, 0, body.length, 0);
            if (batch.wrap(in, 0, length).checkFraming(BATCH) != null)
            {
                writesPerFrame.add(-1);
                continue;
            }
            int writes = 0;
            int replyLength = Protocol.REPLY_HEADER_LENGTH;
            long first = -1;
            while (batch.next())
            {
                request.wrap(in, batch.writeOffset(), batch.writeLength());
                first = first < 0 ? request.sequence() : first;
                replyLength += ReplyEncoder.encodeHeader(out, replyLength, Protocol.STATUS_OK, Protocol.OP_WRITE,
                    (byte)0, 0, request.sequence(), journalIndex++, 0);
                writes++;
            }
            writesPerFrame.add(writes);
            ReplyEncoder.encodeHeader(out, 0, Protocol.STATUS_OK, Protocol.OP_WRITE_BATCH, (byte)0, 0, first, 0,
                replyLength - Protocol.REPLY_HEADER_LENGTH);
            router.sendMore(identity);
            router.send(out.byteArray(), 0, replyLength, 0);
        }
    }
}
