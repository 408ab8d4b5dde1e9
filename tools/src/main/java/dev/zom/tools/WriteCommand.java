package dev.zom.tools;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.broker.RootClaims;
import dev.zom.format.Locations;
import dev.zom.format.Metapath;
import dev.zom.format.MetaWriter;
import dev.zom.format.OmType;
import dev.zom.format.Roots;
import dev.zom.format.Value;
import dev.zom.format.Values;
import dev.zom.lock.LockFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code zom write}: writes one value, or every line of a JSON-lines file, straight into the tree ({@code --direct}).
 */
@Command(name = "write", mixinStandardHelpOptions = true,
    description = {"Write one value, or a JSON-lines file of them, through the broker (acknowledged) or --direct.",
        "VALUE is JSON when it parses (42, 1.5, true, [1, 2], \"x\", null), otherwise a string.",
        "--direct takes each entry's lock file (waiting up to 30 s) while it writes, and says so when a live",
        "broker claims the tree (its conflicts, history and journal do not see --direct writes)."})
final class WriteCommand implements Callable<Integer>
{
    private static final Duration LOCK_LEASE = Duration.ofSeconds(5);
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);
    private static final String CLIENT = "zom write";

    @Spec
    CommandSpec spec;

    @Option(names = "--direct", description = "Write straight into the tree, not through a broker.")
    boolean direct;

    @Mixin
    BrokerOption broker;

    @Option(names = "--type", converter = OmTypeConverter.class,
        description = "Force the type (suffix): bool, int, float, string, text, tuple, null, date.")
    OmType type;

    @Option(names = "--from", paramLabel = "FILE",
        description = "JSON lines {\"location\": .., \"metapath\": .., \"value\": .., \"type\": ..} (type optional).")
    Path from;

    @Option(names = "--keep-history",
        description = "Keep the value each write replaces in the entry's history (through the broker only).")
    boolean keepHistory;

    @Option(names = "--root", paramLabel = "DIR",
        description = "Refuse locations outside these folders (repeatable). Default: each location is its own root.")
    List<Path> roots = new ArrayList<>();

    @Option(names = "--sync", description = "fsync each file and its folder before reporting success.")
    boolean sync;

    @Parameters(arity = "0..3", paramLabel = "LOCATION METAPATH VALUE", description = "Where and what to write.")
    List<String> positional = new ArrayList<>();

    @Override
    public Integer call() throws Exception
    {
        final List<PreparedWrite> writes = from != null ? fromFile() : List.of(fromArguments());
        if (direct && keepHistory)
        {
            throw new ParameterException(spec.commandLine(), "--keep-history goes through the broker, not --direct");
        }
        if (!direct)
        {
            if (!roots.isEmpty() || sync)
            {
                throw new ParameterException(spec.commandLine(), "--root and --sync go with --direct");
            }
            new BrokerWrites(broker, spec.commandLine().getOut(), keepHistory).write(writes, from != null);
            return 0;
        }
        noteBrokeredTrees(writes);
        try (MetaWriter writer = new MetaWriter(Roots.of(rootsFor(writes)), sync))
        {
            for (final PreparedWrite write : writes)
            {
                final Path file;
                try (LockFile lock = lock(write))
                {
                    lock.renew();
                    file = writer.write(write.location(), write.metapath(), write.value());
                }
                if (from == null)
                {
                    spec.commandLine().getOut().println("wrote " + file);
                }
            }
        }
        if (from != null)
        {
            spec.commandLine().getOut().println("wrote " + writes.size() + " entries from " + from);
        }
        return 0;
    }

    /**
     * Says so, once per broker, when direct writes go into a tree a live broker claims: they take each entry's lock,
     * so the broker never writes an entry while they do, but its conflict decisions, history and journal do not see
     * them, and a later write through it replaces them without a trace. Meant for tools not yet sending to the
     * broker, and for when it is down; not refused.
     */
    private void noteBrokeredTrees(final List<PreparedWrite> writes)
    {
        final Set<Path> seen = new HashSet<>();
        final Set<String> noted = new HashSet<>();
        for (final PreparedWrite write : writes)
        {
            if (seen.add(write.location()))
            {
                final String claimant = RootClaims.claimant(write.location());
                if (claimant != null && noted.add(claimant))
                {
                    spec.commandLine().getErr().println("zom: note: " + write.location() + " is under the " +
                        claimant + ": --direct bypasses its conflict decisions, history and journal (write " +
                        "through it: drop --direct)");
                }
            }
        }
    }

    /**
     * Takes the entry's lock; when someone else holds it, says who before waiting for it.
     */
    private LockFile lock(final PreparedWrite write)
    {
        final String metapath = write.metapath().toString();
        final Optional<LockFile> free = LockFile.tryAcquire(write.location(), metapath, CLIENT, LOCK_LEASE);
        if (free.isPresent())
        {
            return free.get();
        }
        spec.commandLine().getErr().println("zom: waiting up to " + LOCK_WAIT.toSeconds() + " s for " +
            LockFile.pathOf(write.location(), metapath) + ", held by " + LockFile.holder(write.location(), metapath));
        return LockFile.acquire(write.location(), metapath, CLIENT, LOCK_LEASE, LOCK_WAIT);
    }

    private PreparedWrite fromArguments()
    {
        if (positional.size() != 3 || from != null)
        {
            throw new ParameterException(spec.commandLine(), "give LOCATION METAPATH VALUE, or --from FILE alone");
        }
        return PreparedWrite.of(ValueArgument.absolute(positional.get(0)), positional.get(1),
            ValueArgument.parse(positional.get(2), type));
    }

    private List<PreparedWrite> fromFile()
    {
        if (!positional.isEmpty() || type != null)
        {
            throw new ParameterException(spec.commandLine(), "--from takes no LOCATION METAPATH VALUE and no --type");
        }
        return JsonLines.read(from);
    }

    private List<Path> rootsFor(final List<PreparedWrite> writes)
    {
        if (!roots.isEmpty())
        {
            return roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        }
        final Set<Path> locations = new LinkedHashSet<>();
        for (final PreparedWrite write : writes)
        {
            locations.add(write.location());
        }
        return new ArrayList<>(locations);
    }

    /**
     * A write whose location, metapath and value have been validated.
     *
     * @param location the location.
     * @param metapath the metapath.
     * @param value    the value.
     */
    record PreparedWrite(Path location, Metapath metapath, Value value)
    {
        static PreparedWrite of(final String location, final String metapath, final Value value)
        {
            if (location == null || metapath == null)
            {
                throw new ZomException(ErrorCode.BAD_NAME, "location and metapath are required");
            }
            final Metapath parsed = Metapath.parse(metapath);
            Values.coerce(value, parsed.leaf().type());
            return new PreparedWrite(Locations.parse(location), parsed, value);
        }
    }
}
