package dev.zom.broker;

import com.lmax.disruptor.EventHandler;
import dev.zom.ErrorCode;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.ReplyEncoder;
import dev.zom.protocol.RequestDecoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The second ring stage, the acker: for every write that wants an acknowledgement it queues the reply (ok with the
 * journal index, duplicate, or the error) for the ingress agent, in ring order, so replies reach each client in the
 * order it sent its writes; the replies to a batch's writes go out together as one batch reply. It runs only after
 * the journal handler finished (and synced) the batch, and it checks that: a write whose ring sequence is beyond the
 * durable one is answered {@code unavailable}, never acknowledged, and counted in
 * {@link BrokerCounter#ACKS_BEFORE_SYNC} (which must stay 0).
 */
final class AckHandler implements EventHandler<WriteEvent>
{
    private final ReplyQueue replies;
    private final Counters counters;
    private final IdleStrategy idle;
    private final IngressWakeup wakeup;
    private final AtomicLong durableSequence;
    private final RequestDecoder request = new RequestDecoder();
    private final ExpandableArrayBuffer batchFrame = new ExpandableArrayBuffer(128 * 1024);
    private int batchLength;
    private long batchSequence;
    private boolean queued;
    private volatile boolean closing;

    AckHandler(
        final ReplyQueue replies,
        final Counters counters,
        final IdleStrategy idle,
        final IngressWakeup wakeup,
        final AtomicLong durableSequence)
    {
        this.durableSequence = durableSequence;
        this.replies = replies;
        this.counters = counters;
        this.idle = idle;
        this.wakeup = wakeup;
    }

    @Override
    public void onEvent(final WriteEvent event, final long sequence, final boolean endOfBatch)
    {
        if (event.error == null && sequence > durableSequence.getAcquire())
        {
            counters.add(BrokerCounter.ACKS_BEFORE_SYNC, 1);
            event.reject(ErrorCode.UNAVAILABLE, "the write was not durable when it was to be acknowledged");
        }
        if (event.error != null)
        {
            counters.rejected(event.error);
        }
        else if (event.duplicate)
        {
            counters.add(BrokerCounter.DUPLICATES, 1);
        }
        else if (event.decision == JournalRecord.DECISION_OVERWROTE)
        {
            counters.add(BrokerCounter.CONFLICTS, 1);
        }
        else if (event.decision == JournalRecord.DECISION_SUPERSEDED)
        {
            counters.add(BrokerCounter.SUPERSEDED, 1);
        }
        if (event.error == null && !event.duplicate && (event.decision == JournalRecord.DECISION_OVERWROTE ||
            event.decision == JournalRecord.DECISION_SUPERSEDED))
        {
            queueEvent(event);
            queued = true;
        }
        if (event.acked)
        {
            queueReply(event);
            queued = true;
        }
        if (endOfBatch && queued)
        {
            wakeup.signal();
            queued = false;
        }
    }

    private void queueReply(final WriteEvent event)
    {
        if (event.error == null)
        {
            counters.add(BrokerCounter.ACKED, 1);
        }
        if (event.batchRemaining >= 0)
        {
            addToBatch(event);
            return;
        }
        idle.reset();
        while (!replies.offer(event) && !closing)
        {
            wakeup.signal();
            idle.idle();
        }
    }

    /**
     * Adds a batched write's reply to the batch's reply frame; the batch's last write sends the frame. A batch's
     * writes sit in consecutive ring slots, so its replies gather here in order with nothing in between.
     */
    private void addToBatch(final WriteEvent event)
    {
        if (batchLength == 0)
        {
            batchLength = Protocol.REPLY_HEADER_LENGTH;
            batchSequence = event.sequence;
        }
        batchLength += WriteReplies.encode(batchFrame, batchLength, event);
        if (event.batchRemaining == 0)
        {
            ReplyEncoder.encodeHeader(batchFrame, 0, Protocol.STATUS_OK, Protocol.OP_WRITE_BATCH, (byte)0, 0,
                batchSequence, 0, batchLength - Protocol.REPLY_HEADER_LENGTH);
            idle.reset();
            while (!replies.offer(event, batchFrame, batchLength) && !closing)
            {
                wakeup.signal();
                idle.idle();
            }
            batchLength = 0;
        }
    }

    private void queueEvent(final WriteEvent event)
    {
        request.wrap(event.buffer, JournalRecord.HEADER_LENGTH, event.requestLength);
        final byte kind = event.decision == JournalRecord.DECISION_SUPERSEDED ? Protocol.EVENT_SUPERSEDED :
            Protocol.EVENT_OVERWROTE;
        idle.reset();
        while (!replies.offerEvent(event, request, kind) && !closing)
        {
            wakeup.signal();
            idle.idle();
        }
    }

    void closing()
    {
        closing = true;
    }
}
