package dev.zom.stage;

import dev.zom.client.Ack;

import java.util.List;

/**
 * What one push did.
 *
 * @param pushed     staged writes the broker journaled now.
 * @param duplicates staged writes it had already journaled (a push again after a crash): removed, not re-applied.
 * @param replaced   staged writes dropped because a newer commit of the same entry was pushed instead.
 * @param rejected   staged writes moved to the rejected area (refused by the broker, or torn tickets).
 * @param left       staged writes still in the stage afterwards (not yet acknowledged, or committed meanwhile).
 * @param conflicts  acknowledged writes that met another client's write to the same entry in the conflict window.
 * @param error      why the push stopped early (the broker is down or unavailable), or null when it went through.
 * @param startNanos when it started ({@link System#nanoTime()}).
 * @param nanos      how long it took.
 */
public record PushReport(
    long pushed,
    long duplicates,
    long replaced,
    long rejected,
    long left,
    List<Conflict> conflicts,
    String error,
    long startNanos,
    long nanos)
{
    /**
     * A pushed write that overwrote another client's write, or was superseded by one of higher priority.
     *
     * @param ticket the staged write.
     * @param ack    its acknowledgement, naming the other write's client and journal index.
     */
    public record Conflict(Ticket ticket, Ack ack)
    {
        /**
         * One line for people.
         *
         * @return e.g. {@code conflict: /shot/a status overwrote client 1f.. (journal index 42)}.
         */
        public String describe()
        {
            return "conflict: " + ticket.location() + " " + ticket.metapath() +
                (ack.superseded() ? " was superseded by" : " overwrote") + " client " +
                Long.toHexString(ack.otherClient()) + " (journal index " + ack.otherIndex() + ")";
        }
    }

    /**
     * Whether every staged write this push found was acknowledged or rejected.
     *
     * @return true when it was not stopped by an error.
     */
    public boolean complete()
    {
        return error == null;
    }

    /**
     * One line for people.
     *
     * @return the counts.
     */
    public String summary()
    {
        return "pushed " + pushed + (duplicates > 0 ? " (+" + duplicates + " already journaled)" : "") +
            ", replaced " + replaced + ", rejected " + rejected + ", left " + left +
            String.format(" in %.2f s", nanos / 1e9) + (error == null ? "" : "; stopped: " + error);
    }
}
