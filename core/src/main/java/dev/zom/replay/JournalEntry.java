package dev.zom.replay;

import dev.zom.format.OmType;
import dev.zom.format.Value;

/**
 * One journal record, decoded for people and tools.
 *
 * @param index      the journal index.
 * @param timeMillis the broker's time when it journaled the write.
 * @param clientId   the client id.
 * @param sequence   the client sequence.
 * @param priority   the priority.
 * @param location   the location.
 * @param metapath   the metapath.
 * @param type       the value type (null when damaged).
 * @param value      the value (null when damaged).
 * @param decision   the broker's decision (0 = apply).
 * @param damage     what is wrong with the record, or null when it is sound.
 * @param records    how many journal records the entry stands for in a count of the journal's records: 1, or for a
 *                   run of records a damaged length hides, the run's length; 0 for a report of records a damaged
 *                   length misplaced (they were read, under other indices, or stand in for records that were not).
 * @param damaged    how many records the entry reports damaged: 0 when it is sound, else at least 1.
 */
public record JournalEntry(
    long index,
    long timeMillis,
    long clientId,
    long sequence,
    short priority,
    String location,
    String metapath,
    OmType type,
    Value value,
    byte decision,
    String damage,
    long records,
    long damaged)
{
    /**
     * Whether the record is sound.
     *
     * @return true when it can be applied.
     */
    public boolean isSound()
    {
        return damage == null;
    }
}
