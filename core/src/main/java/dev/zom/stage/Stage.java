package dev.zom.stage;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.broker.BrokerContext;
import dev.zom.format.Locations;
import dev.zom.format.MetaWriter;
import dev.zom.format.Metapath;
import dev.zom.format.Roots;
import dev.zom.format.Value;
import dev.zom.format.Values;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A local stage that takes writes at disk speed while the broker is far away or busy, and sends them later with
 * {@link #push}. A commit writes the value as Open Metadata under {@code <stage>/<absolute location>/.meta/} (so it
 * can be read where it is staged) and then appends a ticket to this stage's segment in
 * {@code <stage>/.zom-stage/tickets/}: the ticket is the commit point and holds everything a push needs (client id,
 * sequence, priority, commit time, the value). A commit is atomic (a crash leaves the old staged state or the new
 * one) but not synced: it survives the process, like any file write, not a power cut.
 *
 * <p>A second commit to the same entry replaces the staged value (newest wins), unless committed with
 * {@code keepHistory}, which pushes both in order. Many processes may commit into one stage at once (they share
 * its client id and take blocks of sequences); one {@code Stage} belongs to one thread. Commit order is by commit
 * time (wall clock, so that processes agree), never going back within one {@code Stage}: a wall clock set back
 * between two commits of an entry would otherwise make the older one the newest.
 */
public final class Stage implements AutoCloseable
{
    private final StageLayout layout;
    private final StageIdentity identity;
    private final MetaWriter views;
    private final TicketLog tickets;
    private final TicketCodec codec = new TicketCodec();
    private final EpochClock clock;
    private long lastCommitMillis;
    private short priority;

    Stage(final StageLayout layout, final long sequencesPerSegment)
    {
        this(layout, sequencesPerSegment, SystemEpochClock.INSTANCE);
    }

    Stage(final StageLayout layout, final long sequencesPerSegment, final EpochClock clock)
    {
        this.layout = layout;
        this.clock = clock;
        this.identity = new StageIdentity(layout.identity(), sequencesPerSegment);
        try
        {
            Files.createDirectories(layout.tickets());
        }
        catch (final IOException ex)
        {
            throw new ZomException(ErrorCode.STORAGE, "cannot create the stage at " + layout.root() + ": " + ex);
        }
        this.views = new MetaWriter(Roots.of(layout.root()), false);
        this.tickets = new TicketLog(layout.tickets(), identity);
    }

    /**
     * Opens (creating if needed) a stage.
     *
     * @param root the stage's folder, e.g. {@code ~/.metastage}.
     * @return the stage.
     */
    public static Stage open(final Path root)
    {
        return new Stage(new StageLayout(root), StageIdentity.BLOCK);
    }

    /**
     * Opens the user's stage, {@code ~/.metastage}.
     *
     * @return the stage.
     */
    public static Stage openDefault()
    {
        return new Stage(StageLayout.userDefault(), StageIdentity.BLOCK);
    }

    /**
     * The priority given to the writes committed from now on (default 0).
     *
     * @param priority the priority.
     * @return this stage.
     */
    public Stage priority(final short priority)
    {
        this.priority = priority;
        return this;
    }

    /**
     * Stages a write, replacing a staged value of the same entry.
     *
     * @param location an absolute location.
     * @param metapath a metapath.
     * @param value    the value.
     * @return the staged Open Metadata file.
     * @throws ZomException when the location, metapath or value is invalid, or the stage cannot be written.
     */
    public Path commit(final String location, final String metapath, final Value value)
    {
        return commit(location, metapath, value, false);
    }

    /**
     * Stages a write.
     *
     * @param location    an absolute location.
     * @param metapath    a metapath.
     * @param value       the value.
     * @param keepHistory push this value even if the entry is committed again before the push (both reach the
     *                    broker, in order) instead of letting the newer commit replace it.
     * @return the staged Open Metadata file.
     */
    public Path commit(final String location, final String metapath, final Value value, final boolean keepHistory)
    {
        final Path parsedLocation = Locations.parse(location);
        final Metapath parsedMetapath = Metapath.parse(metapath);
        final Value typed = Values.coerce(value, parsedMetapath.leaf().type());
        final String locationText = parsedLocation.toString();
        final Path view = views.write(layout.viewOf(parsedLocation), parsedMetapath, typed);
        try
        {
            final long sequence = tickets.nextSequence();
            lastCommitMillis = Math.max(lastCommitMillis, clock.time());
            final int length = codec.encode(tickets.buffer(), identity.clientId(), sequence, priority,
                lastCommitMillis, keepHistory, locationText, metapath, typed,
                layout.root().relativize(view).toString());
            tickets.append(length);
        }
        catch (final IOException ex)
        {
            throw new ZomException(ErrorCode.STORAGE, "cannot stage " + location + " " + metapath + ": " + ex);
        }
        return view;
    }

    /**
     * Sends every staged write to the broker at the default ROUTER endpoint ({@code zom broker}'s, on this host).
     *
     * @return what was pushed, refused and left.
     */
    public PushReport push()
    {
        return push(BrokerContext.ROUTER_ENDPOINT_DEFAULT);
    }

    /**
     * Sends every staged write to a broker and removes each once acknowledged.
     *
     * @param routerEndpoint the broker's ROUTER endpoint.
     * @return what was pushed, refused and left.
     */
    public PushReport push(final String routerEndpoint)
    {
        return new StagePush(layout, routerEndpoint, StagePush.DEFAULT_TIMEOUT_MILLIS).run(PushListener.NONE);
    }

    /**
     * The stage's folders.
     *
     * @return its layout.
     */
    public StageLayout layout()
    {
        return layout;
    }

    /**
     * The client id the stage's writes carry.
     *
     * @return the id.
     */
    public long clientId()
    {
        try
        {
            return identity.clientId();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Closes the stage; its ticket segment is released for a push to finish and delete.
     */
    @Override
    public void close()
    {
        views.close();
        try
        {
            tickets.close();
        }
        catch (final IOException ex)
        {
            throw new ZomException(ErrorCode.STORAGE, "cannot close the ticket log in " + layout.tickets() + ": " +
                ex);
        }
    }
}
