package dev.zom.client;

/**
 * A broker's acknowledgement of a write: the write is in the journal (and synced, per the broker's durability).
 * When it met another client's write to the same entry inside the conflict window, the acknowledgement says so.
 *
 * @param sequence     the client sequence of the write.
 * @param journalIndex where the journal holds it.
 * @param duplicate    whether it was a retry of a write already journaled (the index is the original one).
 * @param overwrote    whether it replaced another client's write inside the window (that value is in history).
 * @param superseded   whether a higher-priority write stands instead (this value is in history, not the entry).
 * @param otherClient  the other write's client id, when overwrote or superseded; else 0.
 * @param otherIndex   the other write's journal index, when overwrote or superseded; else -1.
 */
public record Ack(
    long sequence,
    long journalIndex,
    boolean duplicate,
    boolean overwrote,
    boolean superseded,
    long otherClient,
    long otherIndex)
{
    /**
     * Whether this write met another client's write to the same entry inside the conflict window.
     *
     * @return true when it overwrote or was superseded.
     */
    public boolean conflicted()
    {
        return overwrote || superseded;
    }
}
