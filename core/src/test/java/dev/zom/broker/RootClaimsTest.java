package dev.zom.broker;

import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Root claims in one process (across processes: {@link BrokerLaunchFailureTest}): a claim names its holder to the
 * tools while held and to nobody once let go, a broker whose root holds a claimed one leaves that tree alone while
 * it is claimed, and a root whose claim cannot be written is left unclaimed, said, and does not stop the broker.
 */
class RootClaimsTest
{
    @TempDir
    Path dir;

    @Test
    void aHeldClaimShouldNameItsBrokerToFoldersInsideAndNobodyOnceLetGo()
    {
        final Path root = dir.resolve("data");
        try (RootClaims claims = RootClaims.claim(List.of(root), dir.resolve("journal")))
        {
            assertThat(claims.unclaimed()).isNull();
            assertThat(RootClaims.claimant(root.resolve("show/shot")))
                .startsWith("root=" + root + " of a live broker (")
                .contains("pid=" + ProcessHandle.current().pid(), "journal=" + dir.resolve("journal"));
            assertThat(RootClaims.claimant(dir)).isNull();
        }
        assertThat(RootClaims.claimant(root)).isNull();
        assertThat(root.resolve(RootClaims.FILE)).exists();
    }

    @Test
    void aBrokerShouldClaimARootInsideAnotherOfItsOwn()
    {
        final Path root = dir.resolve("data");
        try (RootClaims claims = RootClaims.claim(List.of(root, root.resolve("cache")), dir.resolve("journal")))
        {
            assertThat(claims.unclaimed()).isNull();
            assertThat(RootClaims.claimant(root.resolve("cache"))).startsWith("root=" + root.resolve("cache") + " ");
        }
    }

    @Test
    void aBrokerWhoseRootHoldsAnotherBrokersRootShouldLeaveThatTreeAloneUntilItStops() throws Exception
    {
        final Path root = dir.resolve("data");
        final Path inner = root.resolve("show");
        final RootClaims other = RootClaims.claim(List.of(inner), dir.resolve("other-journal"));
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            client.writeAcked(inner + "/shot", "frames", Value.of(1L));
            client.writeAcked(root + "/elsewhere", "frames", Value.of(2L));
            Await.until("the write beside the other broker's root applied", 10_000,
                () -> Files.exists(root.resolve("elsewhere/.meta/frames.int")));
            Await.until("the write inside it waiting", 10_000,
                () -> broker.counters().get(BrokerCounter.FOREIGN_ROOT_WAITS) > 0);
            assertThat(inner.resolve("shot")).doesNotExist();
            other.close();
            Await.until("the write inside applied once the other broker let go", 10_000,
                () -> Files.exists(inner.resolve("shot/.meta/frames.int")));
        }
    }

    @Test
    void aRootWhoseClaimCannotBeWrittenShouldStayUnclaimedAndSaySo() throws Exception
    {
        final Path root = Files.createDirectories(dir.resolve("data"));
        Files.writeString(root.resolve(".zom-locks"), "a file where the lock folder would be");
        try (RootClaims claims = RootClaims.claim(List.of(root), dir.resolve("journal")))
        {
            assertThat(claims.unclaimed()).startsWith("could not claim " + root.resolve(RootClaims.FILE) + " (")
                .endsWith("another broker on that tree would not be refused");
            assertThat(RootClaims.claimant(root)).isNull();
        }
    }
}
