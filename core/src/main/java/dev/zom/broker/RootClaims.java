package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.ProcessLock;
import dev.zom.ZomException;
import dev.zom.lock.LockFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One broker per tree: a running broker claims each of its roots with a {@link ProcessLock} on
 * {@code ROOT/.zom-locks/broker.claim} (naming its host, process and journal), and a broker whose root is claimed,
 * or lies inside a claimed root, is refused at launch. Two brokers writing one tree would each decide its conflicts
 * alone, and whichever renamed last would win whatever the journals say: the writes zom exists to keep would be lost
 * again. The claim sits on the tree's own file system, so brokers on other hosts see it where that file system's
 * locks reach them (NFS: yes, with its lock service); where a claim cannot be written or locked the broker goes on
 * unclaimed and says so. A broker whose root lies above a claimed one (a parent folder) is not refused (finding the
 * claims below would take a walk of the whole tree); its disk writers find the claim where they would write, and
 * those writes wait until the other broker stops ({@link ForeignClaims}).
 */
public final class RootClaims implements AutoCloseable
{
    /** The claim's file in a root, in the folder where zom keeps its lock files at each location. */
    public static final String FILE = LockFile.FOLDER + "/broker.claim";
    private static final String HOST = "host=";
    private static final String JOURNAL = "journal=";

    private final List<ProcessLock> claims;
    private final List<String> unclaimed;

    private RootClaims(final List<ProcessLock> claims, final List<String> unclaimed)
    {
        this.claims = claims;
        this.unclaimed = unclaimed;
    }

    /**
     * Claims every root, creating it if missing. A root whose claim cannot be written or locked (a root folder the
     * broker may not write in, though it may in the folders below; a file system without locks) stays unclaimed
     * ({@link #unclaimed()}): the broker still runs.
     *
     * @param roots   the broker's roots.
     * @param journal the broker's journal, named in the claim.
     * @return the held claims.
     * @throws ZomException {@link ErrorCode#UNAVAILABLE} naming the root and the broker that claims it or a folder
     *                      above it, or the writes under it another journal holds unapplied
     *                      ({@link PreviousJournal}).
     */
    static RootClaims claim(final List<Path> roots, final Path journal)
    {
        final String holder = HOST + ProcessLock.hostName() + "\npid=" + ProcessHandle.current().pid() + "\n" +
            JOURNAL + journal.toAbsolutePath().normalize() + "\n";
        final List<ProcessLock> claims = new ArrayList<>();
        final List<String> unclaimed = new ArrayList<>();
        try
        {
            final List<Path> ours = new ArrayList<>();
            for (final Path root : roots)
            {
                refuseClaimedAbove(root, ours);
                final Path file = root.resolve(FILE);
                if (holderOf(file) == null)
                {
                    PreviousJournal.refuseUnapplied(root, lastJournalHere(file), journal);
                }
                final ProcessLock claim;
                try
                {
                    Files.createDirectories(file.getParent());
                    claim = ProcessLock.tryAcquire(file, holder);
                }
                catch (final IOException ex)
                {
                    unclaimed.add(file + " (" + ex + ")");
                    continue;
                }
                if (claim == null)
                {
                    throw claimed(root, root, file);
                }
                claims.add(claim);
                ours.add(root);
            }
            return new RootClaims(claims, unclaimed);
        }
        catch (final RuntimeException ex)
        {
            new RootClaims(claims, unclaimed).close();
            throw ex;
        }
    }

    /**
     * The live claim on a folder or a folder above it, for tools that write into trees ({@code zom replay} in place).
     *
     * @param folder a folder.
     * @return the claimed folder and its broker, as a message's words, or null when no live broker claims it.
     */
    public static String claimant(final Path folder)
    {
        for (Path claimed = folder; claimed != null; claimed = claimed.getParent())
        {
            final String holder = holderOf(claimed.resolve(FILE));
            if (holder != null)
            {
                return "root=" + claimed + " of a live broker (" + ProcessLock.inOneLine(holder) + ")";
            }
        }
        return null;
    }

    private static void refuseClaimedAbove(final Path root, final List<Path> ours)
    {
        for (Path folder = root.getParent(); folder != null; folder = folder.getParent())
        {
            final Path file = folder.resolve(FILE);
            if (!ours.contains(folder) && holderOf(file) != null)
            {
                throw claimed(root, folder, file);
            }
        }
    }

    /**
     * The live holder of a claim file, or null when nobody holds it, it is not there or cannot be read.
     *
     * @param file a claim file.
     * @return the holder's text, or null.
     */
    static String holderOf(final Path file)
    {
        try
        {
            return ProcessLock.holderOf(file);
        }
        catch (final IOException unreadable)
        {
            return null;
        }
    }

    /**
     * The journal the last holder of a claim file named, when it held it from this host (a journal path of another
     * host's means nothing here); null when the file is missing or unreadable, or names none.
     *
     * @param file a claim file nobody holds now.
     * @return the journal folder, or null.
     */
    static Path lastJournalHere(final Path file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException noneOrUnreadable)
        {
            return null;
        }
        final boolean here = lines.contains(HOST + ProcessLock.hostName());
        return lines.stream().filter(line -> here && line.startsWith(JOURNAL))
            .map(line -> Path.of(line.substring(JOURNAL.length()))).findFirst().orElse(null);
    }

    private static ZomException claimed(final Path root, final Path claimedRoot, final Path file)
    {
        return new ZomException(ErrorCode.UNAVAILABLE, (claimedRoot.equals(root) ? "root=" + root :
            "root=" + root + " is inside root=" + claimedRoot + ", which") + " is claimed by another broker (" +
            ProcessLock.inOneLine(holderOf(file)) + "): two brokers " +
            "writing one tree would each decide its conflicts alone; send the writes to that broker, or stop it first");
    }

    /**
     * The claims that could not be taken because the file system refused them, to log.
     *
     * @return a sentence, or null when every root is claimed.
     */
    String unclaimed()
    {
        return unclaimed.isEmpty() ? null : "could not claim " + String.join(", ", unclaimed) +
            ": another broker on that tree would not be refused";
    }

    @Override
    public void close()
    {
        for (final ProcessLock claim : claims)
        {
            try
            {
                claim.close();
            }
            catch (final IOException ignored)
            {
                // the process is stopping; the operating system releases the lock anyway
            }
        }
    }
}
