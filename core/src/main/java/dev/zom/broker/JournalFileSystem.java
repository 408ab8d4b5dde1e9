package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.journal.DurabilityMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * What the file system under the journal can promise, checked once at launch. Chronicle Queue, which zom journals
 * with, maps its files into memory and supports local file systems only: over NFS, SMB or a cluster file system a
 * mapped write and its sync are not what an acknowledgement promises, so a journal there is refused. A journal in
 * memory (tmpfs) is taken, and said: no sync makes it outlive a reboot or a power loss.
 */
final class JournalFileSystem
{
    /** File system types (as {@code /proc/mounts} names them) that reach the disk over a network. */
    private static final Set<String> NETWORK = Set.of("nfs", "nfs4", "cifs", "smb3", "smbfs", "afs", "9p", "ceph",
        "glusterfs", "fuse.glusterfs", "fuse.sshfs", "fuse.cephfs", "lustre", "gpfs", "beegfs");
    private static final Set<String> MEMORY = Set.of("tmpfs", "ramfs");

    private JournalFileSystem()
    {
    }

    /**
     * Refuses a journal on a network file system and describes one in memory.
     *
     * @param journal    the journal's folder (it exists).
     * @param durability the broker's durability mode.
     * @return a warning to log, or null.
     * @throws ZomException {@link ErrorCode#STORAGE} naming the folder and its file system type.
     */
    static String check(final Path journal, final DurabilityMode durability)
    {
        final String type;
        try
        {
            type = Files.getFileStore(journal).type();
        }
        catch (final IOException ex)
        {
            return null;
        }
        return check(journal, type, durability);
    }

    /**
     * The same judgement, given the file system's type.
     *
     * @param journal    the journal's folder, for the message.
     * @param type       its file system's type, as {@code /proc/mounts} names it.
     * @param durability the broker's durability mode.
     * @return a warning to log, or null.
     */
    static String check(final Path journal, final String type, final DurabilityMode durability)
    {
        if (NETWORK.contains(type))
        {
            throw new ZomException(ErrorCode.STORAGE, "journal=" + journal + " is on a network file system (" + type +
                "): Chronicle Queue, which zom journals with, supports local file systems only (its files are mapped " +
                "into memory, and a mapped write and its sync over a network are not what an acknowledgement " +
                "promises); give the broker a journal folder on a local disk");
        }
        if (MEMORY.contains(type) && durability != DurabilityMode.NONE)
        {
            return "journal=" + journal + " is in memory (" + type + "): an acknowledgement outlives the broker " +
                "process, not a reboot or a power loss, whatever durability " + durability + " syncs";
        }
        return null;
    }
}
