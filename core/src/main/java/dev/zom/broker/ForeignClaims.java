package dev.zom.broker;

import dev.zom.ProcessLock;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Where a disk writer must not write: inside the root of another live broker. A broker whose root lies inside a
 * claimed root is refused at launch ({@link RootClaims}), but one whose root lies above a claimed root is not (finding
 * the claims below would take a walk of the whole tree), and its writer would decide that tree's conflicts alone and
 * rename over the other broker's files. So the writer looks for a claim in each folder between its root and a
 * location before writing there, once per folder (folders found unclaimed are remembered for {@link #FORGET_NANOS}),
 * and a location inside another broker's root waits, as one whose storage failed does, until that broker stops.
 * {@code zom replay} in place refuses those locations the same way. Not thread-safe: owned by one writer.
 */
public final class ForeignClaims
{
    /** How long a folder found unclaimed is taken to stay so (a claim appears only where ours could not be taken). */
    static final long FORGET_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_REMEMBERED = 100_000;

    private final List<Path> roots;
    private final Set<Path> unclaimed = new HashSet<>();
    private long rememberedSince = System.nanoTime();

    /**
     * The claims inside these roots.
     *
     * @param roots the writer's roots, where its own broker's claims are.
     */
    public ForeignClaims(final List<Path> roots)
    {
        this.roots = roots;
    }

    /**
     * The other broker whose root holds a location, if any.
     *
     * @param location a location inside one of the roots.
     * @return the claimed root and its broker, as a message's words, or null when no other live broker claims it.
     */
    public String claimant(final Path location)
    {
        if (System.nanoTime() - rememberedSince > FORGET_NANOS || unclaimed.size() > MAX_REMEMBERED)
        {
            unclaimed.clear();
            rememberedSince = System.nanoTime();
        }
        Path folder = location;
        while (folder != null && !roots.contains(folder) && !unclaimed.contains(folder))
        {
            final String holder = RootClaims.holderOf(folder.resolve(RootClaims.FILE));
            if (holder != null)
            {
                return "root=" + folder + " of another live broker (" + ProcessLock.inOneLine(holder) + ")";
            }
            folder = folder.getParent();
        }
        for (Path known = location; known != null && !known.equals(folder); known = known.getParent())
        {
            unclaimed.add(known);
        }
        return null;
    }
}
