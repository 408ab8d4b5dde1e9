package dev.zom.broker;

import dev.zom.ChildJvm;
import dev.zom.ZomException;
import dev.zom.recovery.BrokerMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One broker per journal: a second one is refused, in this process or another, also after a tool in the broker's
 * own process asked whether a live broker owns the journal (a test of the lock from inside the process that holds it
 * must not drop it).
 */
@Timeout(120)
class BrokerLockTest
{
    @TempDir
    Path dir;

    @Test
    void aSecondBrokerShouldBeRefusedEvenAfterTheOwnProcessProbedTheLock() throws Exception
    {
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            assertThat(BrokerLock.liveRoots(dir.resolve("journal"))).containsExactly(dir.resolve("data"));
            assertThat(BrokerLock.liveRoots(dir.resolve("journal"))).as("asked twice").hasSize(1);
            assertThatThrownBy(() -> Broker.launch(BrokerContext.embedded(dir)))
                .isInstanceOf(ZomException.class).hasMessageContaining("another broker in this process");
            try (ChildJvm other = ChildJvm.start(BrokerMain.class, dir.toString(), "batch"))
            {
                assertThat(other.readLine(60_000)).as("a broker in another process must not start: " +
                    broker.routerEndpoint()).isNull();
                assertThat(other.waitFor(30_000)).isNotZero();
            }
        }
        try (Broker again = Broker.launch(BrokerContext.embedded(dir)))
        {
            assertThat(BrokerLock.liveRoots(dir.resolve("journal"))).as(again.routerEndpoint()).hasSize(1);
        }
        assertThat(BrokerLock.liveRoots(dir.resolve("journal"))).as("released at close").isEmpty();
    }
}
