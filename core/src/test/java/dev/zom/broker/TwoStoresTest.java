package dev.zom.broker;

import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roots on two file stores get two disk writers, each with its own checkpoint; a tmpfs mount is used when this
 * machine allows mounting, else the stores are named by configuration.
 */
class TwoStoresTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void rootsOnTwoStoresShouldGetTwoWriters() throws Exception
    {
        final Path disk = dir.resolve("disk");
        final Path fast = dir.resolve("fast");
        Files.createDirectories(fast);
        final boolean mounted = TmpfsMount.tryMount(fast, "16m");
        try
        {
            final BrokerContext context = BrokerContext.embedded(dir).root(disk).root(fast);
            if (!mounted)
            {
                context.storeName(disk, "disk").storeName(fast, "fast");
            }
            try (Broker broker = Broker.launch(context); ZomClient client = ZomClient.connect(broker.routerEndpoint(),
                null))
            {
                client.writeAcked(disk + "/shot", "x", Value.of(1L));
                client.writeAcked(fast + "/shot", "x", Value.of(2L));
                assertThat(client.read(disk + "/shot", "x")).as("read on its disk's query thread").isEqualTo(Value.of(1L));
                assertThat(client.read(fast + "/shot", "x")).isEqualTo(Value.of(2L));
                Await.applied(broker);
                assertThat(broker.appliedIndices()).hasSizeGreaterThanOrEqualTo(2);
                assertThat(Files.readString(disk.resolve("shot/.meta/x.int"))).isEqualTo("1");
                assertThat(Files.readString(fast.resolve("shot/.meta/x.int"))).isEqualTo("2");
                assertThat(broker.statText()).contains("zom_writer_lag{store=");
            }
            try (var checkpoints = Files.list(dir.resolve("journal/checkpoints")))
            {
                assertThat(checkpoints.filter(p -> p.getFileName().toString().startsWith("writer-")).count())
                    .isGreaterThanOrEqualTo(2);
            }
        }
        finally
        {
            if (mounted)
            {
                TmpfsMount.unmount(fast);
            }
        }
    }
}
