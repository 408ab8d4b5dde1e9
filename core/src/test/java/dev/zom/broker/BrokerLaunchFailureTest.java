package dev.zom.broker;

import dev.zom.ChildJvm;
import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import dev.zom.recovery.BrokerMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker that cannot listen where it is told, or whose root another broker writes, fails to launch naming why,
 * and leaves nothing held: the same journal launches at once when the obstacle is gone.
 */
@Timeout(60)
class BrokerLaunchFailureTest
{
    @TempDir
    Path dir;

    @Test
    void anEndpointInUseShouldBeNamedAndReleaseTheJournal()
    {
        try (Broker first = Broker.launch(BrokerContext.embedded(dir.resolve("first"))))
        {
            final String taken = first.routerEndpoint();
            assertLaunchFailsThenSucceeds(context -> context.routerEndpoint(taken),
                "cannot listen on ROUTER endpoint=" + taken + ": Address already in use");
        }
    }

    @Test
    void aMetricsPortInUseShouldBeNamedAndReleaseTheJournal()
    {
        try (Broker first = Broker.launch(BrokerContext.embedded(dir.resolve("first")).metricsPort(0)))
        {
            final int taken = first.metricsPort();
            assertLaunchFailsThenSucceeds(context -> context.metricsPort(taken),
                "cannot listen for metrics on port=" + taken + ": ");
        }
    }

    /**
     * One broker per tree: a broker in another process claims its root, so a second broker on another journal is
     * refused for that root and for a folder inside it, and launches once the first is gone (even by kill -9).
     */
    @Test
    void aRootClaimedByABrokerInAnotherProcessShouldBeRefusedUntilItIsGone() throws Exception
    {
        final Path first = dir.resolve("first");
        final Path root = first.resolve("data");
        final BrokerContext second = new BrokerContext().root(root).journalDirectory(dir.resolve("second-journal"))
            .pullEndpoint("tcp://127.0.0.1:*").routerEndpoint("tcp://127.0.0.1:*").eventsEndpoint("tcp://127.0.0.1:*");
        try (ChildJvm child = ChildJvm.start(BrokerMain.class, first.toString(), "batch"))
        {
            assertThat(child.readLine(30_000)).startsWith("endpoints ");
            assertThatThrownBy(() -> Broker.launch(second))
                .isInstanceOfSatisfying(ZomException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageStartingWith("root=" + root + " is claimed by another broker (host=")
                .hasMessageContaining("journal=" + first.resolve("journal"));
            final Path inside = root.resolve("show");
            assertThatThrownBy(() -> Broker.launch(new BrokerContext().root(inside)
                .journalDirectory(dir.resolve("third-journal")).pullEndpoint("tcp://127.0.0.1:*")
                .routerEndpoint("tcp://127.0.0.1:*").eventsEndpoint("tcp://127.0.0.1:*")))
                .hasMessageStartingWith("root=" + inside + " is inside root=" + root + ", which is claimed");
            child.kill9();
        }
        try (Broker broker = Broker.launch(second);
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            assertThat(client.writeAcked(root.resolve("shot").toString(), "frames", Value.of(1L)).journalIndex())
                .isPositive();
        }
    }

    private void assertLaunchFailsThenSucceeds(final UnaryOperator<BrokerContext> clash, final String message)
    {
        final Path second = dir.resolve("second");
        assertThatThrownBy(() -> Broker.launch(clash.apply(BrokerContext.embedded(second))))
            .isInstanceOfSatisfying(ZomException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.UNAVAILABLE))
            .hasMessageStartingWith(message);
        try (Broker broker = Broker.launch(BrokerContext.embedded(second));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            assertThat(client.writeAcked(second.resolve("data/shot").toString(), "frames", Value.of(1L)).journalIndex())
                .isPositive();
        }
    }
}
