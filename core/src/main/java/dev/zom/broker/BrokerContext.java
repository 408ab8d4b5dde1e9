package dev.zom.broker;

import dev.zom.journal.DurabilityMode;
import dev.zom.journal.Journal;
import dev.zom.protocol.JournalRecord;
import dev.zom.protocol.Protocol;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The broker's configuration, with defaults: fluent setters named after the settings, one {@link #conclude()} that
 * validates them all at launch, and {@link #fromProperties} for {@code zom.broker.*} properties files. Every
 * setting is listed in {@code docs/CONFIGURATION.md}.
 */
public final class BrokerContext
{
    private static final String PROPERTY_PREFIX = "zom.broker.";
    /** Default PULL endpoint (fire-and-forget writes). */
    public static final String PULL_ENDPOINT_DEFAULT = "tcp://127.0.0.1:5570";
    /** Default ROUTER endpoint (acknowledged writes, reads, listings, stats). */
    public static final String ROUTER_ENDPOINT_DEFAULT = "tcp://127.0.0.1:5571";
    /** Default PUB endpoint for conflict events. */
    public static final String EVENTS_ENDPOINT_DEFAULT = "tcp://127.0.0.1:5572";

    private final List<Path> roots = new ArrayList<>();
    private final Map<Path, String> storeNames = new HashMap<>();
    private Path journalDirectory;
    private String pullEndpoint = PULL_ENDPOINT_DEFAULT;
    private String routerEndpoint = ROUTER_ENDPOINT_DEFAULT;
    private String eventsEndpoint = EVENTS_ENDPOINT_DEFAULT;
    private DurabilityMode durability = DurabilityMode.BATCH;
    private int ringSize = 2048;
    private int maxRequestLength = 8192;
    private int maxBatch = -1;
    private int writerBatch = 4096;
    private int writerNice = 10;
    private int writerRest = 3;
    private int writerSyncMillis = 10_000;
    private int syncNice;
    private int dedupWindow = 1024;
    private int dedupExpiryMinutes = 24 * 60;
    private int dedupAfterByeMillis = 60_000;
    private int dedupMaxClients = 50_000;
    private int highWaterMark = 1000;
    private int replyHighWaterMark = 10_000;
    private int lingerMillis = 1000;
    private int metricsPort = -1;
    private Duration retention = Duration.ofDays(7);
    private long journalReserveBytes = 256L << 20;
    private int conflictWindowMillis = 100;
    private short maxPriority = Short.MAX_VALUE;
    private int conflictTableSize = 1 << 16;
    private Consumer<Throwable> fatalErrorHandler = error -> { };
    private boolean historyOfEveryOverwrite;

    /**
     * The embedded defaults under one folder: root {@code dir/data}, journal {@code dir/journal}, loopback TCP
     * endpoints (PULL, ROUTER, conflict events) on ports the system picks (ask the launched broker for them).
     *
     * @param dir the folder.
     * @return a new context.
     */
    public static BrokerContext embedded(final Path dir)
    {
        return new BrokerContext().root(dir.resolve("data")).journalDirectory(dir.resolve("journal"))
            .pullEndpoint("tcp://127.0.0.1:*").routerEndpoint("tcp://127.0.0.1:*")
            .eventsEndpoint("tcp://127.0.0.1:*");
    }

    /**
     * Reads {@code zom.broker.*} properties over the current settings. A {@code zom.broker.*} name this does not
     * read (a typo) is refused, as is a value that does not parse.
     *
     * @param properties the properties.
     * @return this context.
     * @throws IllegalArgumentException naming the first unknown or unparsable property.
     */
    public BrokerContext fromProperties(final Properties properties)
    {
        read(new PrefixedProperties(properties, PROPERTY_PREFIX)).refuseUnread();
        return this;
    }

    /** @return the name of every property {@link #fromProperties} reads. */
    static Set<String> propertyNames()
    {
        return new BrokerContext().read(new PrefixedProperties(new Properties(), PROPERTY_PREFIX)).namesRead();
    }

    private PrefixedProperties read(final PrefixedProperties p)
    {
        final String rootList = p.get("roots");
        if (rootList != null)
        {
            roots.clear();
            for (final String root : rootList.split(","))
            {
                root(Path.of(root.trim()));
            }
        }
        final String journal = p.get("journal");
        if (journal != null)
        {
            journalDirectory(Path.of(journal));
        }
        pullEndpoint = p.get("pull", pullEndpoint);
        routerEndpoint = p.get("router", routerEndpoint);
        final String eventsProperty = p.get("events", eventsEndpoint);
        eventsEndpoint = "off".equals(eventsProperty) ? null : eventsProperty;
        durability = DurabilityMode.parse(p.get("durability", durability.toString()));
        ringSize = p.getInt("ring.size", ringSize);
        maxRequestLength = p.getInt("max.request", maxRequestLength);
        maxBatch = p.getInt("max.batch", maxBatch);
        writerBatch = p.getInt("writer.batch", writerBatch);
        writerNice = p.getInt("writer.nice", writerNice);
        writerRest = p.getInt("writer.rest", writerRest);
        writerSyncMillis = p.getInt("writer.sync.ms", writerSyncMillis);
        syncNice = p.getInt("sync.nice", syncNice);
        highWaterMark = p.getInt("hwm", highWaterMark);
        replyHighWaterMark = p.getInt("reply.hwm", replyHighWaterMark);
        lingerMillis = p.getInt("linger.ms", lingerMillis);
        metricsPort = p.getInt("metrics.port", metricsPort);
        conflictWindowMillis = p.getInt("conflict.window.ms", conflictWindowMillis);
        dedupExpiryMinutes = p.getInt("dedup.expiry.minutes", dedupExpiryMinutes);
        dedupAfterByeMillis = p.getInt("dedup.after.bye.ms", dedupAfterByeMillis);
        dedupMaxClients = p.getInt("dedup.max.clients", dedupMaxClients);
        maxPriority = (short)p.getInt("max.priority", maxPriority);
        historyOfEveryOverwrite = p.getBoolean("history.every", historyOfEveryOverwrite);
        journalReserveBytes = p.getInt("journal.reserve.mb", (int)(journalReserveBytes >> 20)) * 1024L * 1024L;
        retention = Duration.ofHours(p.getInt("journal.retention.hours", (int)retention.toHours()));
        return p;
    }

    /**
     * Validates every setting.
     *
     * @return this context.
     * @throws IllegalArgumentException naming the first invalid setting.
     */
    public BrokerContext conclude()
    {
        require(!roots.isEmpty(), "roots=[] (at least one root is needed)");
        for (final Path root : roots)
        {
            require(root.isAbsolute(), "root=" + root + " (must be absolute)");
            require(!Files.exists(root) || Files.isDirectory(root), "root=" + root + " (not a folder)");
        }
        require(journalDirectory != null, "journal=null");
        require(Integer.bitCount(ringSize) == 1 && ringSize >= 16, "ring.size=" + ringSize + " (a power of two >= 16)");
        require(maxRequestLength >= 256 && maxRequestLength <= Protocol.MAX_REQUEST_LENGTH,
            "max.request=" + maxRequestLength);
        require(maxBatch == -1 || maxBatch >= 1 && maxBatch <= Math.min(ringSize / 2, 65535),
            "max.batch=" + maxBatch + " (1 to half the ring size, at most 65535)");
        require(writerBatch >= 1, "writer.batch=" + writerBatch);
        require(writerNice >= 0 && writerNice <= 19, "writer.nice=" + writerNice + " (0 to 19)");
        require(writerRest >= 0 && writerRest <= 100, "writer.rest=" + writerRest + " (0 to 100)");
        require(writerSyncMillis >= 0, "writer.sync.ms=" + writerSyncMillis);
        require(syncNice >= -20 && syncNice <= 19, "sync.nice=" + syncNice + " (-20 to 19)");
        require(Integer.bitCount(dedupWindow) == 1, "dedup.window=" + dedupWindow + " (a power of two)");
        require(dedupExpiryMinutes > 0, "dedup.expiry.minutes=" + dedupExpiryMinutes);
        require(dedupAfterByeMillis >= 0, "dedup.after.bye.ms=" + dedupAfterByeMillis);
        require(dedupMaxClients >= 1, "dedup.max.clients=" + dedupMaxClients + " (at least 1)");
        require(highWaterMark >= 0, "hwm=" + highWaterMark);
        require(replyHighWaterMark >= 0, "reply.hwm=" + replyHighWaterMark);
        require(lingerMillis >= -1, "linger.ms=" + lingerMillis);
        require(metricsPort >= -1 && metricsPort <= 65535, "metrics.port=" + metricsPort);
        require(pullEndpoint != null && routerEndpoint != null, "endpoints must be set");
        require(journalReserveBytes >= 0, "journal.reserve.mb=" + (journalReserveBytes >> 20));
        require(!retention.isNegative(), "journal.retention.hours=" + retention.toHours());
        require(conflictWindowMillis >= 0, "conflict.window.ms=" + conflictWindowMillis);
        require(Integer.bitCount(conflictTableSize) == 1, "conflict.table.size=" + conflictTableSize);
        return this;
    }

    private static void require(final boolean valid, final String setting)
    {
        if (!valid)
        {
            throw new IllegalArgumentException("invalid " + setting);
        }
    }

    /**
     * The journal's configuration derived from this one.
     *
     * @return a journal context.
     */
    public Journal.Context journalContext()
    {
        return new Journal.Context().directory(journalDirectory).durability(durability).retention(retention)
            .recordLength(JournalRecord::lengthOf, JournalRecord.MAX_LENGTH);
    }

    /**
     * Adds a root the broker may write under (absolute, normalised).
     *
     * @param root the root.
     * @return this context.
     */
    public BrokerContext root(final Path root)
    {
        roots.add(root.toAbsolutePath().normalize());
        return this;
    }

    /** @return the roots. */
    public List<Path> roots()
    {
        return List.copyOf(roots);
    }

    /**
     * Names the file store of a root by hand, so roots can be split across or joined into disk writers without
     * asking the file system (for tests, or stores the file system cannot tell apart).
     *
     * @param root  a root.
     * @param store the store's name.
     * @return this context.
     */
    public BrokerContext storeName(final Path root, final String store)
    {
        storeNames.put(root.toAbsolutePath().normalize(), Objects.requireNonNull(store));
        return this;
    }

    /** @return the stores named by hand. */
    public Map<Path, String> storeNames()
    {
        return Map.copyOf(storeNames);
    }

    /**
     * The journal's folder.
     *
     * @param journalDirectory the folder.
     * @return this context.
     */
    public BrokerContext journalDirectory(final Path journalDirectory)
    {
        this.journalDirectory = journalDirectory.toAbsolutePath().normalize();
        return this;
    }

    /** @return the journal's folder. */
    public Path journalDirectory()
    {
        return journalDirectory;
    }

    /**
     * The PULL endpoint for fire-and-forget writes, e.g. {@code tcp://127.0.0.1:5570} or {@code tcp://*:5570}.
     *
     * @param endpoint the endpoint.
     * @return this context.
     */
    public BrokerContext pullEndpoint(final String endpoint)
    {
        this.pullEndpoint = endpoint;
        return this;
    }

    /** @return the PULL endpoint. */
    public String pullEndpoint()
    {
        return pullEndpoint;
    }

    /**
     * The ROUTER endpoint for acknowledged writes, reads, listings and stats.
     *
     * @param endpoint the endpoint.
     * @return this context.
     */
    public BrokerContext routerEndpoint(final String endpoint)
    {
        this.routerEndpoint = endpoint;
        return this;
    }

    /** @return the ROUTER endpoint. */
    public String routerEndpoint()
    {
        return routerEndpoint;
    }

    /**
     * The PUB endpoint that publishes conflict events (overwrote, superseded), or null for none.
     *
     * @param endpoint the endpoint or null.
     * @return this context.
     */
    public BrokerContext eventsEndpoint(final String endpoint)
    {
        this.eventsEndpoint = endpoint;
        return this;
    }

    /** @return the PUB endpoint, or null. */
    public String eventsEndpoint()
    {
        return eventsEndpoint;
    }

    /**
     * When a write counts as durable and may be acknowledged; default {@code batch}.
     *
     * @param durability the mode.
     * @return this context.
     */
    public BrokerContext durability(final DurabilityMode durability)
    {
        this.durability = Objects.requireNonNull(durability);
        return this;
    }

    /** @return the durability mode. */
    public DurabilityMode durability()
    {
        return durability;
    }

    /**
     * Ring slots (a power of two); each holds one request of up to {@link #maxRequestLength()} bytes.
     *
     * @param ringSize the number of slots.
     * @return this context.
     */
    public BrokerContext ringSize(final int ringSize)
    {
        this.ringSize = ringSize;
        return this;
    }

    /** @return the ring size. */
    public int ringSize()
    {
        return ringSize;
    }

    /**
     * The largest request accepted, header, location, metapath and value included; larger ones are refused.
     *
     * @param maxRequestLength bytes.
     * @return this context.
     */
    public BrokerContext maxRequestLength(final int maxRequestLength)
    {
        this.maxRequestLength = maxRequestLength;
        return this;
    }

    /** @return the largest request accepted. */
    public int maxRequestLength()
    {
        return maxRequestLength;
    }

    /**
     * The most writes one write batch may hold; a larger batch is refused whole with {@code OVERSIZE}. The PULL
     * socket is read only while the ring has room for this many writes. By default 256, or half the ring when it
     * is smaller than 512 slots.
     *
     * @param maxBatch writes.
     * @return this context.
     */
    public BrokerContext maxBatch(final int maxBatch)
    {
        this.maxBatch = maxBatch;
        return this;
    }

    /** @return the most writes one write batch may hold. */
    public int maxBatch()
    {
        return maxBatch == -1 ? Math.min(256, ringSize / 2) : maxBatch;
    }

    /**
     * The longest write batch frame accepted: the batch header, {@link Protocol#BATCH_FILL_BYTES}, and one largest
     * request (a client may send a batch once it passes that size, so its last write may take it over). A longer
     * batch is refused whole with {@code OVERSIZE}.
     *
     * @return bytes.
     */
    public int maxBatchLength()
    {
        return Protocol.BATCH_HEADER_LENGTH + Protocol.BATCH_FILL_BYTES + maxRequestLength;
    }

    /**
     * How many distinct entries a disk writer gathers (coalescing repeated writes) before it writes files; it reads
     * at most 16 times as many records per batch.
     *
     * @param writerBatch records.
     * @return this context.
     */
    public BrokerContext writerBatch(final int writerBatch)
    {
        this.writerBatch = writerBatch;
        return this;
    }

    /** @return the disk writer batch. */
    public int writerBatch()
    {
        return writerBatch;
    }

    /**
     * The Linux nice value of the disk writer threads, 0 (the broker's own priority) to 19; default 10. Above 0 the
     * CPU goes first to journaling and acknowledging, and writers catch up when it is idle.
     *
     * @param writerNice the nice value.
     * @return this context.
     */
    public BrokerContext writerNice(final int writerNice)
    {
        this.writerNice = writerNice;
        return this;
    }

    /** @return the disk writers' nice value. */
    public int writerNice()
    {
        return writerNice;
    }

    /**
     * How long a disk writer rests, in units of the CPU time its last batch used, when writes arrived faster than
     * that batch read them (0 to 100; default 3: while writes pour in a writer uses at most a quarter of a core and
     * the trees lag further behind, coalescing more; 0 never rests, for hosts with cores to spare). See
     * {@link WriterRest}.
     *
     * @param writerRest the rest ratio.
     * @return this context.
     */
    public BrokerContext writerRest(final int writerRest)
    {
        this.writerRest = writerRest;
        return this;
    }

    /** @return the disk writers' rest ratio. */
    public int writerRest()
    {
        return writerRest;
    }

    /**
     * How often, at most, a disk writer syncs the journal and its file system and moves its checkpoint past what the
     * syncs made durable (default 10,000 ms; 0: after every batch). What this trades: {@code syncfs} writes back
     * everything dirty on that file system, other programs' files too, so a short period forces their writes out
     * early on a shared volume; a long one leaves more for a restart to apply again (the same bytes; nothing is lost
     * either way). See {@link TreeSync}.
     *
     * @param writerSyncMillis the period in milliseconds.
     * @return this context.
     */
    public BrokerContext writerSyncMillis(final int writerSyncMillis)
    {
        this.writerSyncMillis = writerSyncMillis;
        return this;
    }

    /** @return how often, at most, a disk writer syncs its file store, in milliseconds. */
    public int writerSyncMillis()
    {
        return writerSyncMillis;
    }

    /**
     * The Linux nice value of the group commit thread (durability {@code batch}), -20 to 19; default 0, the
     * process's own. A negative value lets the sync that gates every acknowledgement get the CPU back at once on a
     * busy host; it needs {@code CAP_SYS_NICE}, and without it the broker logs why and runs the thread at the
     * process's priority.
     *
     * @param syncNice the nice value.
     * @return this context.
     */
    public BrokerContext syncNice(final int syncNice)
    {
        this.syncNice = syncNice;
        return this;
    }

    /** @return the group commit thread's nice value. */
    public int syncNice()
    {
        return syncNice;
    }

    /** @return how many recent sequences per client are remembered to recognise retries. */
    public int dedupWindow()
    {
        return dedupWindow;
    }

    /**
     * How many recent sequences per client are remembered to recognise retries (a power of two).
     *
     * @param dedupWindow sequences.
     * @return this context.
     */
    public BrokerContext dedupWindow(final int dedupWindow)
    {
        this.dedupWindow = dedupWindow;
        return this;
    }

    /** @return how long a client's retry window is kept after its last write, in minutes. */
    public int dedupExpiryMinutes()
    {
        return dedupExpiryMinutes;
    }

    /**
     * How long a client's retry window is kept after its last write: a retry later than this is journaled again.
     * Bounds the memory and the snapshot of a broker that sees many short-lived clients.
     *
     * @param dedupExpiryMinutes minutes (default one day).
     * @return this context.
     */
    public BrokerContext dedupExpiryMinutes(final int dedupExpiryMinutes)
    {
        this.dedupExpiryMinutes = dedupExpiryMinutes;
        return this;
    }

    /** @return how long a client's retry window is kept after the client said it is done, in milliseconds. */
    public int dedupAfterByeMillis()
    {
        return dedupAfterByeMillis;
    }

    /**
     * How long a client's retry window is kept after the client said it is done ({@code bye}: {@code ZomClient.close}
     * of a client whose id it chose) and wrote nothing more: long enough for a retry still on its way to be recognised.
     * Render tasks that each open a client of their own would otherwise hold the broker's memory for the expiry.
     *
     * @param dedupAfterByeMillis milliseconds (default one minute).
     * @return this context.
     */
    public BrokerContext dedupAfterByeMillis(final int dedupAfterByeMillis)
    {
        this.dedupAfterByeMillis = dedupAfterByeMillis;
        return this;
    }

    /** @return how many clients' retry windows are kept at most. */
    public int dedupMaxClients()
    {
        return dedupMaxClients;
    }

    /**
     * How many clients' retry windows are kept at most: a new client beyond it makes the broker forget the window of
     * the client that wrote least recently (counted in {@code zom_retry_windows_evicted_total}). Bounds the heap a
     * broker needs whatever its clients do: those that never say bye (crashed tasks, peers without it) would
     * otherwise hold a window each for the expiry, and a broker restarted from its snapshot would hold them again.
     * About 250 bytes for a client of a few writes, 32 KiB for one of a thousand or more (its window and its share of
     * the snapshot).
     *
     * @param dedupMaxClients clients (default 50,000).
     * @return this context.
     */
    public BrokerContext dedupMaxClients(final int dedupMaxClients)
    {
        this.dedupMaxClients = dedupMaxClients;
        return this;
    }

    /**
     * The ROUTER socket's send high-water mark, in replies queued per client once its TCP buffers are full. ZeroMQ
     * drops replies to a client beyond it (the writes stay journaled; a client that resends one gets its original
     * index), so it bounds what a client that never reads its replies can make the broker hold: at a million, one
     * such client filled a 64 MiB broker's heap within seconds. A client reading as it goes never comes near it.
     *
     * @param replyHighWaterMark replies.
     * @return this context.
     */
    public BrokerContext replyHighWaterMark(final int replyHighWaterMark)
    {
        this.replyHighWaterMark = replyHighWaterMark;
        return this;
    }

    /** @return the reply high-water mark. */
    public int replyHighWaterMark()
    {
        return replyHighWaterMark;
    }

    /**
     * The ZeroMQ receive high-water mark of both sockets (and the PULL socket's send one), in messages: how many
     * requests queue before senders are pushed back.
     *
     * @param highWaterMark messages.
     * @return this context.
     */
    public BrokerContext highWaterMark(final int highWaterMark)
    {
        this.highWaterMark = highWaterMark;
        return this;
    }

    /** @return the high-water mark. */
    public int highWaterMark()
    {
        return highWaterMark;
    }

    /**
     * How long the sockets try to send queued replies at close.
     *
     * @param lingerMillis milliseconds, -1 for ever.
     * @return this context.
     */
    public BrokerContext lingerMillis(final int lingerMillis)
    {
        this.lingerMillis = lingerMillis;
        return this;
    }

    /** @return the linger. */
    public int lingerMillis()
    {
        return lingerMillis;
    }

    /**
     * A port for the Prometheus text endpoint ({@code /metrics}); -1 (default) for none, 0 for any free port.
     *
     * @param metricsPort the port.
     * @return this context.
     */
    public BrokerContext metricsPort(final int metricsPort)
    {
        this.metricsPort = metricsPort;
        return this;
    }

    /** @return the metrics port, -1 for none. */
    public int metricsPort()
    {
        return metricsPort;
    }

    /**
     * How long journal cycles are kept after every disk writer has passed them.
     *
     * @param retention the retention.
     * @return this context.
     */
    public BrokerContext retention(final Duration retention)
    {
        this.retention = Objects.requireNonNull(retention);
        return this;
    }

    /**
     * Free space the journal's file system must keep: below it the broker answers writes {@code unavailable}
     * instead of journaling them (Chronicle maps its files in 64 MiB chunks; a full disk must not be reached).
     *
     * @param journalReserveBytes bytes; default 256 MiB.
     * @return this context.
     */
    public BrokerContext journalReserveBytes(final long journalReserveBytes)
    {
        this.journalReserveBytes = journalReserveBytes;
        return this;
    }

    /** @return the journal's free-space reserve in bytes. */
    public long journalReserveBytes()
    {
        return journalReserveBytes;
    }

    /**
     * Writes to the same entry from different clients closer than this (on the broker's monotonic clock) are a
     * conflict, decided by priority; 0 turns conflict detection off. Default 100 ms.
     *
     * @param conflictWindowMillis milliseconds.
     * @return this context.
     */
    public BrokerContext conflictWindowMillis(final int conflictWindowMillis)
    {
        this.conflictWindowMillis = conflictWindowMillis;
        return this;
    }

    /** @return the conflict window in milliseconds. */
    public int conflictWindowMillis()
    {
        return conflictWindowMillis;
    }

    /**
     * The highest priority a client may claim; higher ones are lowered to it. Default: no cap.
     *
     * @param maxPriority the cap.
     * @return this context.
     */
    public BrokerContext maxPriority(final short maxPriority)
    {
        this.maxPriority = maxPriority;
        return this;
    }

    /** @return the priority cap. */
    public short maxPriority()
    {
        return maxPriority;
    }

    /**
     * Keep the history of every overwrite, not only of conflicts (default: conflicts only).
     *
     * @param historyOfEveryOverwrite whether every replaced value goes to history.
     * @return this context.
     */
    public BrokerContext historyOfEveryOverwrite(final boolean historyOfEveryOverwrite)
    {
        this.historyOfEveryOverwrite = historyOfEveryOverwrite;
        return this;
    }

    /** @return whether every replaced value goes to history. */
    public boolean historyOfEveryOverwrite()
    {
        return historyOfEveryOverwrite;
    }

    /**
     * Called, on the failing thread, when one of the broker's threads (ingress, ring stages, disk writers, ZeroMQ's
     * I/O thread) fails with a {@link VirtualMachineError} such as {@link OutOfMemoryError}: the broker may then no
     * longer read or reply, whatever else still runs. The default only logs it, as for any error, since an embedded
     * broker must not stop its host; {@code zom broker} halts the process so that a supervisor restarts it (every
     * acknowledged write is in the journal, as after {@code kill -9}).
     *
     * @param fatalErrorHandler what to do; it should allocate as little as it can.
     * @return this context.
     */
    public BrokerContext onFatalError(final Consumer<Throwable> fatalErrorHandler)
    {
        this.fatalErrorHandler = Objects.requireNonNull(fatalErrorHandler, "fatalErrorHandler");
        return this;
    }

    /** @return what is called when a broker thread fails with a {@link VirtualMachineError}. */
    public Consumer<Throwable> fatalErrorHandler()
    {
        return fatalErrorHandler;
    }

    /** @return how many recently written entries the conflict table remembers (a power of two). */
    public int conflictTableSize()
    {
        return conflictTableSize;
    }

    @Override
    public String toString()
    {
        return "roots=" + roots + " journal=" + journalDirectory + " pull=" + pullEndpoint + " router=" +
            routerEndpoint + " events=" + eventsEndpoint + " durability=" + durability + " ring.size=" + ringSize +
            " max.request=" + maxRequestLength + " max.batch=" + maxBatch() + " writer.batch=" + writerBatch +
            " writer.nice=" + writerNice + " writer.rest=" + writerRest + " writer.sync.ms=" + writerSyncMillis +
            " sync.nice=" + syncNice + " hwm=" + highWaterMark + " reply.hwm=" + replyHighWaterMark + " linger.ms=" +
            lingerMillis + " metrics.port=" + metricsPort + " retention=" + retention + " journal.reserve.mb=" +
            (journalReserveBytes >> 20) +
            " conflict.window.ms=" + conflictWindowMillis + " max.priority=" + maxPriority;
    }
}
