package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import dev.zom.lock.LockFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker started on a root with another journal folder than the broker before it (the journal moved to a disk of
 * its own) is refused while the old journal holds writes under the root past its writer's checkpoint: it started,
 * and the acknowledged write the old broker had not applied was never applied by anyone. Once they are applied, or
 * the old journal is moved away, it starts.
 */
@Timeout(60)
class PreviousJournalTest
{
    @TempDir
    Path dir;

    @Test
    void aBrokerGivenAnotherJournalShouldWaitUntilTheOldOneHasAppliedItsWrites() throws Exception
    {
        final Path shot = leaveAnUnappliedWrite();
        final Path moved = dir.resolve("journal-on-its-own-disk");
        assertThatThrownBy(() -> Broker.launch(BrokerContext.embedded(dir).journalDirectory(moved)))
            .isInstanceOfSatisfying(ZomException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.UNAVAILABLE))
            .hasMessageContaining("root=" + dir.resolve("data") + " was served by a broker with journal=" +
                dir.resolve("journal") + ", which holds 2 writes under it past its disk writer's")
            .hasMessageContaining("zom replay --journal " + dir.resolve("journal"));
        assertThat(shot.resolve(".meta/held.int")).doesNotExist();

        try (Broker old = Broker.launch(BrokerContext.embedded(dir)))
        {
            Await.applied(old);
        }
        assertThat(Files.readString(shot.resolve(".meta/held.int"))).as("applied by the old journal's broker")
            .isEqualTo("1");
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).journalDirectory(moved));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            client.writeAcked(shot.toString(), "held", Value.of(3L));
            Await.applied(broker);
        }
        assertThat(Files.readString(shot.resolve(".meta/held.int"))).isEqualTo("3");
    }

    @Test
    void movingTheOldJournalAwayShouldLetTheBrokerStart() throws Exception
    {
        leaveAnUnappliedWrite();
        Files.move(dir.resolve("journal"), dir.resolve("journal.abandoned"));
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).journalDirectory(dir.resolve("journal2"))))
        {
            assertThat(broker.journaledIndex()).isEqualTo(-1);
        }
    }

    @Test
    void theSameJournalSpelledThroughASymbolicLinkShouldNotCountAsAnother() throws Exception
    {
        final Path shot = leaveAnUnappliedWrite();
        final Path link = Files.createSymbolicLink(dir.resolve("journal-link"), dir.resolve("journal"));
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).journalDirectory(link)))
        {
            Await.applied(broker);
        }
        assertThat(Files.readString(shot.resolve(".meta/held.int"))).isEqualTo("1");
    }

    /**
     * Runs a broker on the embedded defaults that journals a write it cannot apply (its entry's lock is held by
     * another writer) and one after it, and stops.
     */
    private Path leaveAnUnappliedWrite() throws Exception
    {
        final Path shot = dir.resolve("data/shot");
        Files.createDirectories(shot);
        try (LockFile lock = LockFile.tryAcquire(shot, "held", "direct writer", Duration.ofMinutes(1)).orElseThrow();
            Broker broker = Broker.launch(BrokerContext.embedded(dir));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            assertThat(lock.stillHeld()).isTrue();
            client.writeAcked(shot.toString(), "held", Value.of(1L));
            client.writeAcked(shot.toString(), "free", Value.of(2L));
            Await.until("the write beside it applied", 20_000, () -> Files.exists(shot.resolve(".meta/free.int")));
        }
        return shot;
    }
}
