package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.client.ZomClient;
import dev.zom.format.MetaReader;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A value file that is not a plain file of a sane size is refused when read, and the broker goes on: a named pipe
 * in a {@code .meta} folder held the broker's ingress in the read for as long as nobody wrote to it, and no client's
 * write was acknowledged meanwhile; a file of gigabytes would have been read whole into the broker's heap.
 */
@Timeout(60)
class UnreadableFilesTest
{
    @TempDir
    Path dir;

    @Test
    void aNamedPipeOrAHugeFileShouldBeRefusedAsUnreadableWhileWritesGoOn() throws Exception
    {
        final Path other = Files.createDirectories(dir.resolve("data/other/.meta")).getParent();
        assertThat(Commands.run("mkfifo", other.resolve(".meta/pipe.string").toString())).as("mkfifo").isTrue();
        try (RandomAccessFile huge = new RandomAccessFile(other.resolve(".meta/huge.string").toFile(), "rw"))
        {
            huge.setLength(MetaReader.MAX_FILE_BYTES + 1);
        }
        final String shot = dir.resolve("data/shot").toString();
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            assertUnreadable(client, other, "pipe", "not a regular file");
            assertUnreadable(client, other, "huge", "more than the " + MetaReader.MAX_FILE_BYTES);
            client.writeAcked(shot, "after", Value.of(1L));
            assertThat(client.read(shot, "after")).isEqualTo(Value.of(1L));
        }
    }

    private static void assertUnreadable(
        final ZomClient client, final Path location, final String metapath, final String reason)
    {
        assertThatThrownBy(() -> client.read(location.toString(), metapath))
            .isInstanceOfSatisfying(ZomException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.UNREADABLE))
            .hasMessageContaining(reason);
    }
}
