package dev.zom.broker;

import java.util.Locale;

/**
 * The broker's counters; {@code zom stat} and the Prometheus endpoint print them under these names.
 */
public enum BrokerCounter
{
    /** Requests received on either socket. */
    RECEIVED("requests received"),
    /** Writes refused (error reply on ROUTER, dropped on PULL); see the per-reason counters. */
    REJECTED("writes rejected"),
    /** Writes appended to the journal. */
    JOURNALED("writes journaled"),
    /**
     * Journal syncs made for the writes' durability: group commits (batch), one per write (every), before a retry
     * snapshot; not the syncs a disk writer makes before it moves its checkpoint.
     */
    SYNCED("journal syncs"),
    /** Journal syncs that failed; the writes they were to make durable were answered unavailable, never acked. */
    SYNC_FAILURES("journal syncs that failed"),
    /** Writes acknowledged (OK replies to ROUTER writes, duplicates included). */
    ACKED("writes acknowledged"),
    /** Writes that reached the ack handler before the journal reported them durable (refused; must stay 0). */
    ACKS_BEFORE_SYNC("acks refused because the write was not yet durable"),
    /** Retried writes recognised as already journaled and acknowledged with their original index. */
    DUPLICATES("duplicate writes"),
    /** Writes that replaced another client's write inside the conflict window (the replaced value went to history). */
    CONFLICTS("conflicts: writes that replaced another client's write in the window"),
    /** Writes superseded by a higher-priority write inside the conflict window (kept in history, not applied). */
    SUPERSEDED("writes superseded by a higher priority"),
    /** Clients that said they are done ({@code bye}); their retry windows are forgotten a minute later. */
    BYES("clients that said they are done"),
    /** Byes the ring thread could not be handed (too many at once); those windows wait for the expiry. */
    BYES_DROPPED("byes dropped, their windows left to expire"),
    /**
     * Clients whose retry window the broker holds (a gauge; a few hundred bytes each, 16 KiB for a client of a
     * thousand writes or more), at most {@code dedup.max.clients}.
     */
    RETRY_WINDOWS("clients with a retry window"),
    /**
     * Retry windows forgotten because a new client would have made more than {@code dedup.max.clients}: those of the
     * clients that wrote least recently. A retry of one of their writes would be journaled again.
     */
    RETRY_WINDOWS_EVICTED("retry windows forgotten to stay within dedup.max.clients"),
    /** Retry-window snapshots that could not be written (a restart then rebuilds from the journal's tail). */
    SNAPSHOT_FAILURES("dedup snapshots that could not be written"),
    /** Acked writes refused with busy because the ring was full. */
    BUSY("busy replies"),
    /** Writes refused with unavailable because the journal could not take them. */
    UNAVAILABLE("unavailable replies"),
    /** Entries written to trees by the disk writers. */
    APPLIED("entries applied"),
    /** Journaled writes not applied because a later write to the same entry was read in the same batch. */
    COALESCED("writes coalesced"),
    /**
     * Journaled writes under no root of this configuration (one removed since they were journaled): no disk writer
     * applies them; {@code zom replay --under} can.
     */
    UNOWNED_WRITES("journaled writes under no root, applied by no writer"),
    /** Journaled writes a disk writer refused to apply (e.g. a symbolic link out of the roots). */
    APPLY_REFUSED("writes refused at apply"),
    /**
     * Journal records skipped because they were torn or corrupted (checksum or structure), hidden by a damaged length,
     * or misplaced by one (read twice or not at all; see {@code JournalReader}).
     */
    CORRUPT_RECORDS("torn or corrupt journal records skipped"),
    /** Storage failures while applying (permission denied, full file system); the location's entries wait. */
    APPLY_FAILURES("storage failures while applying"),
    /** Applies delayed because the location lies inside the root of another live broker ({@link ForeignClaims}). */
    FOREIGN_ROOT_WAITS("applies delayed because the location is inside another live broker's root"),
    /** Applies delayed because their root is not on the file system it was on at launch ({@link RootMounts}). */
    ROOT_MOVED_WAITS("applies delayed because their root is off the file system it was on at launch (unmounted?)"),
    /** Times an entry waited because another writer held its lock file. */
    LOCK_WAITS("applies delayed by a lock held by another writer"),
    /** Syncs of the journal and their file stores by the disk writers before they move their checkpoints. */
    TREE_SYNCS("journal and file store syncs by the disk writers"),
    /** Disk writers' syncs that failed; that writer's checkpoint stays until a restart applies again from it. */
    TREE_SYNC_FAILURES("journal and file store syncs by the disk writers that failed"),
    /** Times a disk writer rested because writes arrived faster than it read them ({@link WriterRest}). */
    WRITER_RESTS("disk writer rests, giving way to journaling"),
    /** Microseconds the disk writers rested ({@link WriterRest}). */
    WRITER_REST_MICROS("disk writer rest, microseconds"),
    /** Locations waiting for their storage and entries waiting for a lock (a gauge). */
    APPLY_WAITING("locations and entries waiting for their storage or a lock"),
    /** Reads, listings and stat requests answered. */
    QUERIES("queries answered"),
    /** Journal records read to find the pending writes a read or listing answers with ({@link PendingScan}). */
    QUERY_RECORDS_SCANNED("journal records scanned for pending writes to answer reads and listings"),
    /** Writes in the ring, not yet through the ack handler (a gauge). */
    RING_DEPTH("ring depth"),
    /** Connections the broker's sockets accepted (clients connect their DEALER and, to write without acks, PUSH). */
    CONNECTIONS_ACCEPTED("connections accepted"),
    /** Connections their clients closed (or reset). */
    CONNECTIONS_CLOSED("connections closed by their clients"),
    /**
     * Connections the broker closed for what they sent: a frame longer than it reads or a ZeroMQ protocol error
     * ({@link ConnectionWatch}; the log names the peer). Such a peer's ZeroMQ connects again, and is closed again
     * if it sends the same frame.
     */
    CONNECTIONS_CUT("connections the broker closed for what they sent (a frame longer than it reads, a protocol error)"),
    /**
     * Connections the broker closed because their ZeroMQ handshake did not finish in time: a peer that says nothing,
     * or one of JeroMQ's occasional handshake stalls (its client connects again at once).
     */
    HANDSHAKE_TIMEOUTS("connections closed because their ZeroMQ handshake did not finish in time"),
    /** Connections the system could not accept, most often with every file descriptor in use (see OPEN_FILES). */
    ACCEPT_FAILURES("connections the system could not accept (file descriptors used up?)"),
    /** File descriptors the broker's process has open, client connections included (a gauge). */
    OPEN_FILES("file descriptors open"),
    /** File descriptors the broker's process may open (a gauge). */
    OPEN_FILES_LIMIT("file descriptors the process may open");

    private final String description;

    BrokerCounter(final String description)
    {
        this.description = description;
    }

    /**
     * What the counter counts.
     *
     * @return a short description.
     */
    public String description()
    {
        return description;
    }

    /**
     * The metric name, e.g. {@code zom_journaled_total}; gauges have no {@code _total}.
     *
     * @return the name.
     */
    public String metricName()
    {
        return "zom_" + name().toLowerCase(Locale.ROOT) + (isGauge() ? "" : "_total");
    }

    /** @return whether this is a gauge (a level that goes up and down) rather than a counter. */
    public boolean isGauge()
    {
        return this == RING_DEPTH || this == APPLY_WAITING || this == OPEN_FILES || this == OPEN_FILES_LIMIT ||
            this == RETRY_WINDOWS;
    }
}
