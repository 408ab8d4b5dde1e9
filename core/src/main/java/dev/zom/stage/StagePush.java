package dev.zom.stage;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.client.Ack;
import dev.zom.client.AckedPipeline;
import dev.zom.client.WriteRefusedException;
import dev.zom.client.ZomClient;
import dev.zom.format.MetaReader;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One push of a stage: reads every ticket segment, keeps the newest commit of each entry (and those committed with
 * history), sends them in commit order as pipelined acknowledged writes under the client id and sequence they were
 * committed with, and marks each done only after the broker acknowledged it (older commits it replaces first). A
 * refused write moves to the rejected area with its reason; a broker that stops answering stops the push and leaves
 * the rest staged. Pushing again after a crash sends the same ids, which the broker acknowledges as retries without
 * journaling them again. A segment whose records are all done and that no process writes any more is deleted.
 *
 * <p>Only one push runs per stage at a time (a file lock); commits may go on meanwhile.
 */
public final class StagePush
{
    /** How long a push waits for a reply before it gives up and leaves the rest staged. */
    public static final int DEFAULT_TIMEOUT_MILLIS = 10_000;
    /** Writes in flight; well inside the broker's dedup window, so every lost acknowledgement is recognised. */
    static final int WINDOW = 256;
    private static final Object IN_PROCESS = new Object();

    private final StageLayout layout;
    private final String routerEndpoint;
    private final int timeoutMillis;
    private final TicketCodec codec = new TicketCodec();
    private final ExpandableArrayBuffer recordBuffer = new ExpandableArrayBuffer(1024);
    private final Map<Path, Segment> segments = new HashMap<>();
    private final List<PushReport.Conflict> conflicts = new ArrayList<>();
    private long pushed;
    private long duplicates;
    private long replaced;
    private long rejected;

    /**
     * A push of a stage to a broker.
     *
     * @param layout         the stage.
     * @param routerEndpoint the broker's ROUTER endpoint.
     * @param timeoutMillis  how long to wait for each reply.
     */
    public StagePush(final StageLayout layout, final String routerEndpoint, final int timeoutMillis)
    {
        this.layout = layout;
        this.routerEndpoint = routerEndpoint;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Pushes everything staged now. Not thread-safe: one push at a time per instance.
     *
     * @param listener told of each acknowledgement and refusal.
     * @return what happened.
     */
    public PushReport run(final PushListener listener)
    {
        final long start = System.nanoTime();
        pushed = 0;
        duplicates = 0;
        replaced = 0;
        rejected = 0;
        conflicts.clear();
        String error = null;
        synchronized (IN_PROCESS)
        {
            try (FileChannel lockFile = openLockFile())
            {
                lockFile.lock();
                try
                {
                    final Map<Long, List<Send>> byClient = plan(listener);
                    for (final Map.Entry<Long, List<Send>> client : byClient.entrySet())
                    {
                        send(client.getKey(), client.getValue(), listener);
                    }
                }
                finally
                {
                    closeSegments();
                }
            }
            catch (final ZomException | IOException ex)
            {
                error = ex.getMessage();
            }
        }
        return new PushReport(pushed, duplicates, replaced, rejected, StageStatus.countTickets(layout),
            List.copyOf(conflicts), error, start, System.nanoTime() - start);
    }

    private FileChannel openLockFile() throws IOException
    {
        Files.createDirectories(layout.tickets());
        return FileChannel.open(layout.pushLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    /**
     * One write to send: the ticket, and the older commits of its entry it replaces (marked done before it is).
     */
    private record Send(Ticket ticket, List<Ticket> replaces, boolean newest)
    {
    }

    private Map<Long, List<Send>> plan(final PushListener listener) throws IOException
    {
        final Map<String, List<Ticket>> byEntry = new HashMap<>();
        for (final Path file : layout.segments())
        {
            final Segment segment = Segment.read(file, codec);
            if (segment == null)
            {
                continue;
            }
            segments.put(file, segment);
            if (segment.tornOffset() >= 0)
            {
                rejectTornTail(segment, listener);
            }
            for (final Ticket ticket : segment.pending())
            {
                byEntry.computeIfAbsent(ticket.entryKey(), k -> new ArrayList<>()).add(ticket);
            }
        }
        final List<Send> sends = new ArrayList<>();
        for (final List<Ticket> entry : byEntry.values())
        {
            entry.sort((a, b) -> a.before(b) ? -1 : b.before(a) ? 1 : 0);
            final Ticket newest = entry.get(entry.size() - 1);
            final List<Ticket> dropped = new ArrayList<>();
            for (final Ticket ticket : entry.subList(0, entry.size() - 1))
            {
                if (ticket.keepHistory())
                {
                    sends.add(new Send(ticket, List.of(), false));
                }
                else
                {
                    dropped.add(ticket);
                }
            }
            sends.add(new Send(newest, dropped, true));
        }
        sends.sort((a, b) -> a.ticket().before(b.ticket()) ? -1 : b.ticket().before(a.ticket()) ? 1 : 0);
        final Map<Long, List<Send>> byClient = new LinkedHashMap<>();
        for (final Send send : sends)
        {
            byClient.computeIfAbsent(send.ticket().clientId(), k -> new ArrayList<>()).add(send);
        }
        return byClient;
    }

    private void send(final long clientId, final List<Send> sends, final PushListener listener)
    {
        final Map<Long, Send> inFlight = new HashMap<>();
        try (ZomClient client = ZomClient.connect(routerEndpoint, null, clientId, timeoutMillis))
        {
            final AckedPipeline pipeline = new AckedPipeline(client, WINDOW, new AckedPipeline.AckListener()
            {
                @Override
                public void onAck(final Ack ack, final long sentAtNanos)
                {
                    acked(inFlight.remove(ack.sequence()), ack, listener);
                }

                @Override
                public void onRefused(final WriteRefusedException refused)
                {
                    refusedFor(inFlight.remove(refused.sequence()), refused, listener);
                }
            });
            for (final Send send : sends)
            {
                final Ticket ticket = send.ticket();
                inFlight.put(ticket.sequence(), send);
                pipeline.submit(ticket.sequence(), ticket.priority(), ticket.location(), ticket.metapath(),
                    ticket.value());
            }
            pipeline.flush();
        }
    }

    private void acked(final Send send, final Ack ack, final PushListener listener)
    {
        final Ticket ticket = send.ticket();
        listener.acked(ticket, ack);
        if (ack.duplicate())
        {
            duplicates++;
        }
        else
        {
            pushed++;
        }
        if (ack.conflicted())
        {
            conflicts.add(new PushReport.Conflict(ticket, ack));
        }
        try
        {
            for (final Ticket older : send.replaces())
            {
                markDone(older);
                replaced++;
            }
            markDone(ticket);
            if (send.newest())
            {
                removeStagedFile(ticket);
            }
        }
        catch (final IOException ex)
        {
            throw new ZomException(ErrorCode.STORAGE, "cannot mark pushed ticket " + ticket.name() + " done in " +
                ticket.segment() + ": " + ex);
        }
    }

    private void markDone(final Ticket ticket) throws IOException
    {
        segments.get(ticket.segment()).markDone(ticket);
    }

    /**
     * Removes the staged Open Metadata of a pushed entry, unless a later commit has already replaced it.
     */
    private void removeStagedFile(final Ticket ticket) throws IOException
    {
        final Path file = layout.root().resolve(ticket.stagedFile());
        try
        {
            if (ticket.value().equals(MetaReader.readFile(file, ticket.value().type())))
            {
                Files.deleteIfExists(file);
            }
        }
        catch (final ZomException gone)
        {
            return;
        }
    }

    private void refusedFor(final Send send, final WriteRefusedException refused, final PushListener listener)
    {
        final Ticket ticket = send.ticket();
        final String reason = ticket.location() + " " + ticket.metapath() + ": " + refused.code() + ": " +
            refused.getMessage();
        try
        {
            for (final Ticket older : send.replaces())
            {
                reject(older, "replaced by " + ticket.name() + ", which was refused: " + reason);
            }
            reject(ticket, reason);
        }
        catch (final IOException ex)
        {
            throw new ZomException(ErrorCode.STORAGE, "cannot move refused ticket " + ticket.name() + " to " +
                layout.rejected() + ": " + ex);
        }
        listener.rejected(layout.rejected().resolve(ticket.name() + StageLayout.REJECTED_SUFFIX), reason);
    }

    /**
     * Copies a ticket's record to the rejected area with its reason, then marks it done.
     */
    private void reject(final Ticket ticket, final String reason) throws IOException
    {
        final int length = codec.encode(recordBuffer, ticket.clientId(), ticket.sequence(), ticket.priority(),
            ticket.commitMillis(), ticket.keepHistory(), ticket.location(), ticket.metapath(), ticket.value(),
            ticket.stagedFile());
        writeRejected(ticket.name(), Arrays.copyOf(recordBuffer.byteArray(), length), reason);
        markDone(ticket);
    }

    private void rejectTornTail(final Segment segment, final PushListener listener) throws IOException
    {
        final String name = segment.file().getFileName() + "-" + segment.tornOffset();
        final String reason = "torn record at offset " + segment.tornOffset() + " of " + segment.file() +
            " (a commit cut short by a crash; it never returned)";
        writeRejected(name, segment.tornBytes(), reason);
        listener.rejected(layout.rejected().resolve(name + StageLayout.REJECTED_SUFFIX), reason);
    }

    private void writeRejected(final String name, final byte[] record, final String reason) throws IOException
    {
        Files.createDirectories(layout.rejected());
        final Path file = layout.rejected().resolve(name + StageLayout.REJECTED_SUFFIX);
        if (!Files.exists(file))
        {
            rejected++;
        }
        Files.writeString(layout.rejected().resolve(name + StageLayout.REASON_SUFFIX), reason + "\n");
        Files.write(file, record);
    }

    private void closeSegments() throws IOException
    {
        IOException failed = null;
        for (final Segment segment : segments.values())
        {
            try
            {
                segment.deleteIfFinished();
                segment.close();
            }
            catch (final IOException ex)
            {
                failed = ex;
            }
        }
        segments.clear();
        if (failed != null)
        {
            throw failed;
        }
    }
}
