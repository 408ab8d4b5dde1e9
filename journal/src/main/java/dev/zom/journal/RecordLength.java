package dev.zom.journal;

import java.nio.ByteBuffer;

/**
 * The length of a record as its own bytes give it, for the journal to check the length header Chronicle keeps in
 * front of the record: records are opaque to the journal, so the format that knows its lengths and checksum answers.
 */
@FunctionalInterface
public interface RecordLength
{
    /**
     * The length of the record whose bytes begin at {@code record}'s position.
     *
     * @param record the bytes from the record's start, up to the longest record or the end of the file; read-only.
     * @return the record's length when its bytes vouch for it (its declared lengths and its checksum agree),
     *         else -1.
     */
    int of(ByteBuffer record);
}
