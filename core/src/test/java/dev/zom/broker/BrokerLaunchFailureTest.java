package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker that cannot listen where it is told (another broker there) fails to launch naming the endpoint or port,
 * and leaves nothing held: the same journal launches at once on free endpoints.
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
