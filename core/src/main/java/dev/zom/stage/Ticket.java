package dev.zom.stage;

import dev.zom.format.Value;

import java.nio.file.Path;

/**
 * One staged write, as committed: what a push sends, under the client id and sequence it was committed with so a
 * second push of it is recognised by the broker as a retry.
 *
 * @param segment      the ticket log that holds it.
 * @param offset       where its record starts in that log.
 * @param end          where its record ends.
 * @param clientId     the stage's client id.
 * @param sequence     the write's sequence.
 * @param priority     the write's priority.
 * @param commitMillis when it was committed (wall clock).
 * @param keepHistory  whether it is pushed even when a newer commit to the same entry is staged.
 * @param location     the absolute location.
 * @param metapath     the metapath.
 * @param value        the value.
 * @param stagedFile   its Open Metadata file in the stage, relative to the stage's root.
 */
public record Ticket(
    Path segment,
    long offset,
    long end,
    long clientId,
    long sequence,
    short priority,
    long commitMillis,
    boolean keepHistory,
    String location,
    String metapath,
    Value value,
    String stagedFile)
{
    /**
     * What identifies the entry this ticket writes: commits with the same key replace each other.
     *
     * @return the location and metapath as spelled.
     */
    public String entryKey()
    {
        return location + '\n' + metapath;
    }

    /**
     * A name for this ticket alone, e.g. for its file in the rejected area.
     *
     * @return client id and sequence in hex.
     */
    public String name()
    {
        return TicketLog.hex16(clientId) + "-" + TicketLog.hex16(sequence);
    }

    /**
     * Commit order: by commit time, then client, then sequence.
     *
     * @param other another ticket.
     * @return whether this one was committed before it.
     */
    boolean before(final Ticket other)
    {
        if (commitMillis != other.commitMillis)
        {
            return commitMillis < other.commitMillis;
        }
        if (clientId != other.clientId)
        {
            return clientId < other.clientId;
        }
        return sequence < other.sequence;
    }
}
