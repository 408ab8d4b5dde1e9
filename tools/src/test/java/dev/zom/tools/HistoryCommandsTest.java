package dev.zom.tools;

import dev.zom.broker.Broker;
import dev.zom.broker.BrokerContext;
import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zom history} lists the values an entry lost; {@code zom restore} writes one of them again.
 */
@Timeout(60)
class HistoryCommandsTest
{
    @TempDir
    Path dir;

    @Test
    void historyShouldListTheLoserAndRestoreShouldWriteItAgain() throws Exception
    {
        final String shot = dir.resolve("data/shot").toString();
        final BrokerContext context = BrokerContext.embedded(dir).conflictWindowMillis(60_000);
        final String[] imprint;
        final long alice;
        try (Broker broker = Broker.launch(context);
            ZomClient a = ZomClient.connect(broker.routerEndpoint(), null);
            ZomClient b = ZomClient.connect(broker.routerEndpoint(), null))
        {
            alice = a.clientId();
            a.writeAcked(shot, "artist", Value.of("alice"));
            b.writeAcked(shot, "artist", Value.of("bob"));
            awaitFile(Path.of(shot, ".meta/.history"));

            final CommandResult history = CommandResult.run("history", shot, "artist");
            assertThat(history.exitCode()).isZero();
            assertThat(history.out().lines()).hasSize(1);
            imprint = history.out().trim().split("\t");
            assertThat(imprint[0]).matches("\\d{8}-\\d{6}-\\d{3}");
            assertThat(imprint[1]).isEqualTo("client " + Long.toHexString(alice));
            assertThat(imprint[2] + " " + imprint[3]).isEqualTo("string \"alice\"");
        }
        try (Broker broker = Broker.launch(context))
        {
            final CommandResult restore = CommandResult.run("restore", "--broker", broker.routerEndpoint(), shot,
                "artist", imprint[0]);
            assertThat(restore.exitCode()).as(restore.err()).isZero();
            assertThat(restore.out()).startsWith("restored " + imprint[0]);
            assertThat(CommandResult.run("read", "--broker", broker.routerEndpoint(), shot, "artist").out().trim())
                .isEqualTo("\"alice\"");
            awaitHistory(shot, 2);
            final CommandResult undo = CommandResult.run("history", shot, "artist");
            assertThat(undo.out().lines().map(line -> line.split("\t", 3)[2]))
                .as("the value the restore replaced (no conflict: a restarted broker knows of none) is in history too")
                .containsExactly("string\t\"alice\"", "string\t\"bob\"");

            final CommandResult missing = CommandResult.run("restore", "--broker", broker.routerEndpoint(), shot,
                "artist", "20000101-000000-000");
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.err()).contains("no history imprint");
        }
    }

    @Test
    void writeWithKeepHistoryShouldKeepTheValueItReplaces() throws Exception
    {
        final String shot = dir.resolve("data/shot").toString();
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).conflictWindowMillis(0)))
        {
            final String router = broker.routerEndpoint();
            assertThat(CommandResult.run("write", "--broker", router, shot, "artist", "carol").exitCode()).isZero();
            assertThat(CommandResult.run("write", "--broker", router, shot, "artist", "dave").exitCode()).isZero();
            final CommandResult kept = CommandResult.run("write", "--keep-history", "--broker", router, shot, "artist",
                "erin");
            assertThat(kept.exitCode()).as(kept.err()).isZero();
            awaitHistory(shot, 1);
            assertThat(CommandResult.run("history", shot, "artist").out().lines().map(l -> l.split("\t", 3)[2]))
                .containsExactly("string\t\"dave\"");
        }
        final CommandResult direct = CommandResult.run("write", "--direct", "--keep-history", shot, "artist", "x");
        assertThat(direct.exitCode()).isEqualTo(2);
        assertThat(direct.err()).contains("--keep-history goes through the broker");
    }

    private static void awaitHistory(final String location, final int imprints) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 20_000;
        while (CommandResult.run("history", location, "artist").out().lines().count() < imprints &&
            System.currentTimeMillis() < deadline)
        {
            Thread.sleep(10);
        }
    }

    private static void awaitFile(final Path path) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + 20_000;
        while (!Files.exists(path) && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(10);
        }
        Thread.sleep(50);
    }
}
