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
 * whose reads wait for the test, {@code src/test/python/hung_fs.py}) holds that read only: answered on the ingress,
 * it stopped the broker from acknowledging any client's write until the file system answered.
 */
@Timeout(120)
class HungFileSystemTest
{
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    void writesShouldBeAcknowledgedWhileAReadWaitsForItsFileSystem() throws Exception
    {
        final Path hung = Files.createDirectories(dir.resolve("data/hung"));
        final Path reading = dir.resolve("reading");
        final Path release = dir.resolve("release");
        final Process fileSystem = new ProcessBuilder(PYTHON, Path.of("src/test/python/hung_fs.py").toString(),
            hung.toString(), reading.toString(), release.toString()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        try
        {
            Await.until("the FUSE file system mounted (Debian's python3-fusepy, /dev/fuse, root)", 20_000,
                () -> Files.exists(hung.resolve(".meta/slow.string")));
            try (Broker broker = Broker.launch(BrokerContext.embedded(dir));
                ZomClient reader = ZomClient.connect(broker.routerEndpoint(), null, 1, 60_000);
                ZomClient writer = ZomClient.connect(broker.routerEndpoint(), null, 2, 3_000))
            {
                final CompletableFuture<Value> read = CompletableFuture.supplyAsync(
                    () -> reader.read(hung.toString(), "slow"));
                Await.until("the read reached the file system", 20_000, () -> Files.exists(reading));
                writer.writeAcked(dir.resolve("data/shot").toString(), "during", Value.of(1L));
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
