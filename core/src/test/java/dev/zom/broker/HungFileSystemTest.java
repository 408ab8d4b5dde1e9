package dev.zom.broker;

import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read from a file system that hangs (a failing disk, a share whose server went away; here a FUSE file system
 * whose reads wait for the test, {@code src/test/python/hung_fs.py}, a root of its own) holds that read only:
 * answered on the ingress, it stopped the broker from acknowledging any client's write until the file system
 * answered; answered on one query thread for every disk, it held the reads of the other disks behind it.
 */
@Timeout(120)
class HungFileSystemTest
{
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    void writesAndReadsOfAnotherDiskShouldBeAnsweredWhileAReadWaitsForItsFileSystem() throws Exception
    {
        final Path hung = Files.createDirectories(dir.resolve("hung"));
        final Path reading = dir.resolve("reading");
        final Path release = dir.resolve("release");
        final Process fileSystem = new ProcessBuilder(PYTHON, Path.of("src/test/python/hung_fs.py").toString(),
            hung.toString(), reading.toString(), release.toString()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        try
        {
            Await.until("the FUSE file system mounted (Debian's python3-fusepy, /dev/fuse, root)", 20_000,
                () -> Files.exists(hung.resolve(".meta/slow.string")));
            try (Broker broker = Broker.launch(BrokerContext.embedded(dir).root(hung).storeName(hung, "hung"));
                ZomClient reader = ZomClient.connect(broker.routerEndpoint(), null, 1, 60_000);
                ZomClient client = ZomClient.connect(broker.routerEndpoint(), null, 2, 3_000))
            {
                final CompletableFuture<Value> read = CompletableFuture.supplyAsync(
                    () -> reader.read(hung.toString(), "slow"));
                Await.until("the read reached the file system", 20_000, () -> Files.exists(reading));
                final String shot = dir.resolve("data/shot").toString();
                client.writeAcked(shot, "during", Value.of(1L));
                Await.until("the write applied", 20_000, () -> Files.exists(Path.of(shot, ".meta/during.int")));
                assertThat(client.read(shot, "during")).as("a read of another disk").isEqualTo(Value.of(1L));
                assertThat(client.ls(shot, null)).as("a listing of another disk").hasSize(1);
                assertThat(read).as("the read still waits for its file system").isNotDone();
                Files.createFile(release);
                assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(Value.of("hung"));
            }
        }
        finally
        {
            if (!Files.exists(release))
            {
                Files.createFile(release);
            }
            TmpfsMount.unmount(hung);
            fileSystem.destroy();
        }
    }
}
