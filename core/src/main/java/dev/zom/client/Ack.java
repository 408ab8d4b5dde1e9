package dev.zom.client;

/**
 * A broker's acknowledgement of a write: the write is in the journal (and synced, per the broker's durability).
 *
 * @param sequence     the client sequence of the write.
 * @param journalIndex where the journal holds it.
 * @param duplicate    whether it was a retry of a write already journaled (the index is the original one).
 */
public record Ack(long sequence, long journalIndex, boolean duplicate)
{
}
