package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.journal.DurabilityMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A journal on a network file system is refused at launch (Chronicle Queue supports local file systems only), one
 * in memory is taken and said, one on a local disk is taken silently.
 */
class JournalFileSystemTest
{
    @TempDir
    Path dir;

    @Test
    void aJournalOnANetworkFileSystemShouldBeRefusedNamingIt()
    {
        for (final String type : new String[] {"nfs", "nfs4", "cifs", "fuse.sshfs", "lustre"})
        {
            assertThatThrownBy(() -> JournalFileSystem.check(Path.of("/mnt/shows/zom"), type, DurabilityMode.BATCH))
                .isInstanceOf(ZomException.class)
                .hasMessageStartingWith("journal=/mnt/shows/zom is on a network file system (" + type + ")")
                .hasMessageContaining("local disk")
                .satisfies(ex -> assertThat(((ZomException)ex).code()).isEqualTo(ErrorCode.STORAGE));
        }
    }

    @Test
    void aJournalInMemoryShouldBeTakenAndSaidUnlessNothingIsSyncedAnyway()
    {
        assertThat(JournalFileSystem.check(Path.of("/dev/shm"), DurabilityMode.BATCH))
            .isEqualTo("journal=/dev/shm is in memory (tmpfs): an acknowledgement outlives the broker process, not " +
                "a reboot or a power loss, whatever durability batch syncs");
        assertThat(JournalFileSystem.check(Path.of("/dev/shm"), DurabilityMode.NONE)).isNull();
    }

    @Test
    void aJournalOnALocalDiskShouldBeTakenSilently()
    {
        assertThat(JournalFileSystem.check(dir, DurabilityMode.EVERY)).isNull();
        assertThat(JournalFileSystem.check(dir, "ext4", DurabilityMode.EVERY)).isNull();
    }
}
