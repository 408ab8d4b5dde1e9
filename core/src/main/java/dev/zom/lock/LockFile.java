package dev.zom.lock;

import dev.zom.ErrorCode;
import dev.zom.ProcessLock;
import dev.zom.ZomException;

import java.io.IOException;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The lock of one entry, for writers that bypass the broker (RFC13). It lives beside the {@code .meta} folder, in
 * {@code <location>/.zom-locks/<names>.lock} (names lower-cased, suffixes dropped: one lock per entry whatever its
 * case and type), because nothing but entries, {@code .trash} and {@code .history} may appear inside {@code .meta}:
 * the reference library lists every name there.
 *
 * <p>The file holds the owner (host, pid, client) and the lease; its modification time is the last heartbeat. It is
 * created atomically ({@code link(2)} fails if it exists); {@link #renew()} touches it; anyone may break a lock whose
 * lease expired (renamed away, atomically, so one breaker wins). The holder knows the file by its identity and
 * learns it lost the lock ({@link #stillHeld()}) before its next write: the file carries a random token (a file's
 * inode is no proof: a broken lock's inode is soon reused). Not thread-safe.
 */
public final class LockFile implements AutoCloseable
{
    /** The folder, beside {@code .meta}, that holds lock files. */
    public static final String FOLDER = ".zom-locks";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Duration lease;
    private String token;

    private LockFile(final Path file, final Duration lease, final String token)
    {
        this.file = file;
        this.lease = lease;
        this.token = token;
    }

    /**
     * The lock file of an entry.
     *
     * @param location the entry's location.
     * @param metapath the entry's metapath.
     * @return the lock file's path.
     */
    public static Path pathOf(final Path location, final String metapath)
    {
        final StringBuilder names = new StringBuilder();
        for (final String segment : metapath.split("/"))
        {
            final int dot = segment.indexOf('.');
            names.append(names.length() == 0 ? "" : "/").append((dot < 0 ? segment : segment.substring(0, dot))
                .toLowerCase(Locale.ROOT));
        }
        return location.resolve(FOLDER).resolve(names + ".lock");
    }

    /**
     * Takes the lock, breaking it first if its lease expired.
     *
     * @param location the entry's location.
     * @param metapath the entry's metapath.
     * @param client   who takes it (written into the file).
     * @param lease    how long the lock holds without a heartbeat.
     * @return the held lock, or empty when someone else holds a live lock.
     */
    public static Optional<LockFile> tryAcquire(
        final Path location, final String metapath, final String client, final Duration lease)
    {
        final Path file = pathOf(location, metapath);
        breakIfExpired(file);
        try
        {
            Files.createDirectories(file.getParent());
            final Path temp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + "." +
                System.nanoTime() + ".tmp");
            final String token = Long.toHexString(RANDOM.nextLong()) + Long.toHexString(System.nanoTime());
            Files.writeString(temp, "host=" + ProcessLock.hostName() + "\npid=" + ProcessHandle.current().pid() +
                "\nclient=" + client + "\nlease_ms=" + lease.toMillis() + "\ntoken=" + token + "\n",
                StandardCharsets.UTF_8);
            try
            {
                Files.createLink(file, temp);
                return Optional.of(new LockFile(file, lease, token));
            }
            catch (final FileAlreadyExistsException held)
            {
                return Optional.empty();
            }
            finally
            {
                Files.deleteIfExists(temp);
            }
        }
        catch (final IOException ex)
        {
            throw new ZomException(ErrorCode.STORAGE, "cannot take lock=" + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Takes the lock, waiting for it up to a deadline.
     *
     * @param location the entry's location.
     * @param metapath the entry's metapath.
     * @param client   who takes it.
     * @param lease    how long the lock holds without a heartbeat.
     * @param wait     how long to wait for a lock held by someone else.
     * @return the held lock.
     * @throws ZomException with {@link ErrorCode#UNAVAILABLE} when the lock stayed held.
     */
    public static LockFile acquire(
        final Path location, final String metapath, final String client, final Duration lease, final Duration wait)
    {
        final long deadline = System.nanoTime() + wait.toNanos();
        while (true)
        {
            final Optional<LockFile> lock = tryAcquire(location, metapath, client, lease);
            if (lock.isPresent())
            {
                return lock.get();
            }
            if (System.nanoTime() > deadline)
            {
                throw new ZomException(ErrorCode.UNAVAILABLE, "lock held by another writer (" +
                    holder(location, metapath) + "): " + pathOf(location, metapath));
            }
            try
            {
                Thread.sleep(5);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new ZomException(ErrorCode.UNAVAILABLE, "interrupted waiting for a lock", ex);
            }
        }
    }

    /**
     * Who holds the entry's lock, as its lock file says (host, pid, client, lease), to name in a message.
     *
     * @param location the entry's location.
     * @param metapath the entry's metapath.
     * @return the holder, or "nobody now" when there is no lock file.
     */
    public static String holder(final Path location, final String metapath)
    {
        return holderIn(pathOf(location, metapath));
    }

    /**
     * Who holds a lock, as its file says: every line but the token, which only the holder needs.
     *
     * @param file a lock file.
     * @return the holder, or "nobody now" when there is no such file.
     */
    static String holderIn(final Path file)
    {
        try
        {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.startsWith("token=")).collect(Collectors.joining(" "));
        }
        catch (final NoSuchFileException ex)
        {
            return "nobody now";
        }
        catch (final IOException ex)
        {
            return "unknown: " + ex.getMessage();
        }
    }

    /**
     * Whether someone holds a live (not expired) lock on the entry.
     *
     * @param location the entry's location.
     * @param metapath the entry's metapath.
     * @return true when a live lock exists.
     */
    public static boolean isHeld(final Path location, final String metapath)
    {
        if (!Files.isDirectory(location.resolve(FOLDER)))
        {
            return false;
        }
        final Path file = pathOf(location, metapath);
        if (!Files.exists(file))
        {
            return false;
        }
        final long expiry = expiry(file);
        return expiry >= 0 && System.currentTimeMillis() < expiry;
    }

    /**
     * Breaks the lock if its lease has expired (by renaming it away: one breaker wins).
     *
     * @param file a lock file.
     * @return true when this call broke it.
     */
    static boolean breakIfExpired(final Path file)
    {
        final long expiry = expiry(file);
        if (expiry < 0 || System.currentTimeMillis() < expiry)
        {
            return false;
        }
        final Path broken = file.resolveSibling(file.getFileName() + ".broken." + System.nanoTime());
        try
        {
            Files.move(file, broken);
            Files.deleteIfExists(broken);
            return true;
        }
        catch (final IOException raced)
        {
            return false;
        }
    }

    /**
     * When a lock file's lease ends: its last heartbeat plus its lease; -1 when there is no lock file.
     */
    static long expiry(final Path file)
    {
        try
        {
            final long heartbeat = Files.getLastModifiedTime(file).toMillis();
            for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
            {
                if (line.startsWith("lease_ms="))
                {
                    return heartbeat + Long.parseLong(line.substring("lease_ms=".length()).trim());
                }
            }
            return heartbeat;
        }
        catch (final NoSuchFileException ex)
        {
            return -1;
        }
        catch (final IOException | NumberFormatException ex)
        {
            return 0;
        }
    }

    /**
     * Whether this holder still holds the lock (it may have expired and been broken by someone else).
     *
     * @return true when the lock file is still the one this holder created.
     */
    public boolean stillHeld()
    {
        return token != null && token.equals(field(file, "token="));
    }

    /**
     * Renews the lease (the heartbeat).
     *
     * @throws ZomException with {@link ErrorCode#UNAVAILABLE} when the lock was lost.
     */
    public void renew()
    {
        if (!stillHeld())
        {
            throw lost();
        }
        try
        {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        }
        catch (final IOException ex)
        {
            throw lost();
        }
    }

    /**
     * The lock's file.
     *
     * @return the path.
     */
    public Path file()
    {
        return file;
    }

    /**
     * The lease.
     *
     * @return the lease.
     */
    public Duration lease()
    {
        return lease;
    }

    /**
     * Releases the lock if this holder still holds it.
     */
    @Override
    public void close()
    {
        if (stillHeld())
        {
            try
            {
                Files.deleteIfExists(file);
            }
            catch (final IOException ignored)
            {
                // an expired lock is broken by the next writer anyway
            }
        }
        token = null;
    }

    private ZomException lost()
    {
        return new ZomException(ErrorCode.UNAVAILABLE, "lost lock=" + file + " (its lease expired and it was broken)");
    }

    private static String field(final Path file, final String prefix)
    {
        try
        {
            for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
            {
                if (line.startsWith(prefix))
                {
                    return line.substring(prefix.length()).trim();
                }
            }
            return null;
        }
        catch (final IOException ex)
        {
            return null;
        }
    }
}
