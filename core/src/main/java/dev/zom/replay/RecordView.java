package dev.zom.replay;

import dev.zom.format.Value;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;
import dev.zom.protocol.RequestDecoder;
import dev.zom.protocol.WireValues;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The fields of one raw journal record (already checked), for printing and re-rooting.
 */
final class RecordView
{
    private final UnsafeBuffer buffer;
    private final RequestDecoder request = new RequestDecoder();

    RecordView(final byte[] record)
    {
        buffer = new UnsafeBuffer(record);
        request.wrap(buffer, JournalRecord.HEADER_LENGTH, record.length - JournalRecord.HEADER_LENGTH);
    }

    String location()
    {
        return request.location();
    }

    String metapath()
    {
        return request.metapath();
    }

    Value value()
    {
        return WireValues.decode(Protocol.typeOf(request.typeCode()), buffer, request.valueOffset(),
            request.valueLength());
    }
}
