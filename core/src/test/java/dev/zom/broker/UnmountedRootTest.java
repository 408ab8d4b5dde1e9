package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A root whose file system is unmounted under a running broker (an automounter's timeout, a share whose server
 * rebooted) leaves an empty folder of the disk below: its writes wait until a file system of the same name is mounted
 * there again, and are applied then. The disk writer wrote them into the bare folder, on the wrong disk, hidden once
 * the share came back, and moved its checkpoint past them. Writes to the other roots go on; reads under it are
 * refused as a storage failure (the bare folder answered that the share's entries did not exist). Uses real tmpfs
 * mounts.
 */
@Timeout(120)
class UnmountedRootTest
{
    @TempDir
    Path dir;

    @Test
    void writesUnderAnUnmountedRootShouldWaitForItToBeMountedAgain() throws Exception
    {
        final Path share = Files.createDirectories(dir.resolve("share"));
        assertThat(TmpfsMount.tryMount(share, "16m")).as("a tmpfs mounted (root, mount allowed)").isTrue();
        try
        {
            try (Broker broker = Broker.launch(BrokerContext.embedded(dir).root(share));
                ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
            {
                final Path shot = share.resolve("shot");
                client.writeAcked(shot.toString(), "before", Value.of(1L));
                Await.applied(broker);
                assertThat(Files.readString(shot.resolve(".meta/before.int"))).isEqualTo("1");

                TmpfsMount.unmount(share);
                assertThat(Files.exists(shot)).as("the share's files gone with it").isFalse();
                client.writeAcked(shot.toString(), "during", Value.of(2L));
                final String other = dir.resolve("data/shot").toString();
                client.writeAcked(other, "beside", Value.of(3L));
                Await.until("the write to the other root applied", 30_000,
                    () -> Files.exists(Path.of(other, ".meta/beside.int")));
                Await.until("the write under the unmounted root waiting", 30_000,
                    () -> broker.counters().get(BrokerCounter.APPLY_WAITING) == 1);
                assertThat(Files.exists(shot)).as("nothing written in the bare folder").isFalse();
                assertThatThrownBy(() -> client.read(shot.toString(), "before")).as("a read of the bare folder")
                    .isInstanceOf(ZomException.class).hasMessageContaining("unmounted?")
                    .satisfies(e -> assertThat(((ZomException)e).code()).isEqualTo(ErrorCode.STORAGE));
                assertThat(broker.statText()).contains("zom_root_moved_waits_total");

                assertThat(TmpfsMount.tryMount(share, "16m")).as("the share mounted again").isTrue();
                Await.until("the waiting write applied on the share", 30_000,
                    () -> Files.exists(shot.resolve(".meta/during.int")));
                assertThat(Files.readString(shot.resolve(".meta/during.int"))).isEqualTo("2");
            }
        }
        finally
        {
            TmpfsMount.unmount(share);
        }
    }
}
