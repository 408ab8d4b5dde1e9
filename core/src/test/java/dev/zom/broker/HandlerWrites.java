package dev.zom.broker;

import dev.zom.format.Value;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestEncoder;
import org.agrona.ExpandableArrayBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hands a {@link JournalHandler} writes one at a time as the ring would, for tests of the handler alone: each the
 * next sequence, to the entry {@code frames} of one location, its sequence as its value.
 */
final class HandlerWrites
{
    private final ExpandableArrayBuffer request = new ExpandableArrayBuffer();
    private final WriteEvent event = new WriteEvent(1024);
    private final String location;
    private long sequence;

    /**
     * @param location where every write goes.
     */
    HandlerWrites(final String location)
    {
        this.location = location;
    }

    /**
     * Hands the handler the next write, checked to be taken without an error.
     *
     * @return the event as the handler left it (its decision, its time); reused by the next write.
     */
    WriteEvent write(final JournalHandler handler, final long clientId, final short priority, final boolean endOfBatch)
    {
        sequence++;
        final int length = new RequestEncoder().encode(request, 0, Protocol.OP_WRITE, clientId, sequence, (byte)0,
            priority, location, "frames", Value.of(sequence));
        event.reset();
        request.getBytes(0, event.record, JournalRecord.HEADER_LENGTH, length);
        event.requestLength = length;
        event.clientId = clientId;
        event.sequence = sequence;
        handler.onEvent(event, sequence, endOfBatch);
        assertThat(event.error).isNull();
        return event;
    }
}
