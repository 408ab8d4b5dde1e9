package dev.zom.stage;

import dev.zom.client.Ack;

import java.nio.file.Path;

/**
 * Told, during a push, of each staged write the broker acknowledged (before it leaves the stage) or refused.
 */
public interface PushListener
{
    /** A listener that does nothing. */
    PushListener NONE = new PushListener()
    {
    };

    /**
     * The broker journaled a staged write (or recognised it as already journaled); it is removed from the stage
     * right after this returns.
     *
     * @param ticket the staged write.
     * @param ack    the acknowledgement, with any conflict it met.
     */
    default void acked(final Ticket ticket, final Ack ack)
    {
    }

    /**
     * A staged write was refused for good (by the broker, or as a torn ticket) and moved to the rejected area.
     *
     * @param ticket the ticket's file as it was named in the stage.
     * @param reason why, naming the location and metapath when known.
     */
    default void rejected(final Path ticket, final String reason)
    {
    }
}
