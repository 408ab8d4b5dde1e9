package dev.zom.broker;

import dev.zom.ErrorCode;
import dev.zom.ZomException;
import dev.zom.client.WriteRefusedException;
import dev.zom.client.ZomClient;
import dev.zom.format.MetaHistory;
import dev.zom.format.MetaReader;
import dev.zom.format.Metapath;
import dev.zom.format.PathLimits;
import dev.zom.format.Value;
import dev.zom.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A write naming more than its files can hold on disk is refused before the journal: a name of 300 characters was
 * acknowledged, then failed at every apply ("File name too long") and held every later write to its location with
 * it, for ever. The longest write allowed is applied, history imprint included; one journaled before the limits
 * existed is refused at apply, counted, and no longer holds its location.
 */
@Timeout(60)
class PathLimitsTest
{
    @TempDir
    Path dir;

    @Test
    void aWritePastALimitShouldBeRefusedByNameAndTheLongestAllowedApplied() throws Exception
    {
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).historyOfEveryOverwrite(true));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            final String root = dir.resolve("data").toString();
            final String shot = root + "/shot";
            refused(client, shot, "n".repeat(PathLimits.NAME + 1), ErrorCode.BAD_NAME, PathLimits.LONG_NAME);
            refused(client, shot, "n".repeat(PathLimits.NAME + 1) + ".string", ErrorCode.BAD_NAME,
                PathLimits.LONG_NAME);
            refused(client, shot, longMetapath(PathLimits.METAPATH + 1), ErrorCode.BAD_NAME, PathLimits.LONG_METAPATH);
            refused(client, shot + "/" + "s".repeat(PathLimits.SEGMENT + 1), "x", ErrorCode.BAD_LOCATION,
                PathLimits.LONG_SEGMENT);
            refused(client, longLocation(root, PathLimits.LOCATION + 1), "x", ErrorCode.BAD_LOCATION,
                PathLimits.LONG_LOCATION);
            assertThat(broker.counters().get(BrokerCounter.JOURNALED)).isZero();
            notFound(client, shot, "n".repeat(PathLimits.NAME + 1));
            notFound(client, shot + "/" + "s".repeat(PathLimits.SEGMENT + 1), "x");

            final String location = longLocation(root, PathLimits.LOCATION);
            final String metapath = longMetapath(PathLimits.METAPATH);
            client.writeAcked(location, metapath, Value.of("first"));
            client.writeAcked(location, metapath, Value.of("second"));
            Await.applied(broker);
            assertThat(broker.counters().get(BrokerCounter.APPLY_FAILURES)).isZero();
            assertThat(MetaReader.read(Path.of(location), Metapath.parse(metapath))).isEqualTo(Value.of("second"));
            assertThat(MetaHistory.list(Path.of(location), Metapath.parse(metapath)))
                .as("the first value's imprint").hasSize(1);
        }
    }

    @Test
    void aTooLongWriteJournaledBeforeTheLimitsShouldBeRefusedAtApplyAndNotHoldItsLocation() throws Exception
    {
        final String shot = dir.resolve("data/shot").toString();
        try (Journal journal = Journal.open(BrokerContext.embedded(dir).conclude().journalContext());
            OfflineJournalWriter backlog = new OfflineJournalWriter(journal, 9))
        {
            backlog.append(shot, "n".repeat(300), Value.of("never"));
            backlog.append(shot, "beside", Value.of("applied"));
        }
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir)))
        {
            Await.until("both read", 20_000, () -> broker.counters().get(BrokerCounter.APPLIED) == 1 &&
                broker.counters().get(BrokerCounter.APPLY_REFUSED) == 1);
            Await.applied(broker);
            assertThat(broker.counters().get(BrokerCounter.APPLY_FAILURES)).as("not retried").isZero();
        }
        assertThat(Files.readString(Path.of(shot, ".meta/beside.string"))).isEqualTo("\"applied\"");
        try (Stream<Path> files = Files.list(Path.of(shot, ".meta")))
        {
            assertThat(files).hasSize(1);
        }
    }

    private static void refused(
        final ZomClient client, final String location, final String metapath, final ErrorCode code,
        final String reason)
    {
        assertThatThrownBy(() -> client.writeAcked(location, metapath, Value.of("v")))
            .isInstanceOfSatisfying(WriteRefusedException.class, ex -> assertThat(ex.code()).isEqualTo(code))
            .hasMessageContaining(reason);
    }

    /** A read is not held to the limits: a name past them was never written, so it is not found. */
    private static void notFound(final ZomClient client, final String location, final String metapath)
    {
        assertThatThrownBy(() -> client.read(location, metapath))
            .isInstanceOfSatisfying(ZomException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    /** A location below the root of exactly this length, in folder names of the longest length allowed. */
    private static String longLocation(final String root, final int length)
    {
        final StringBuilder location = new StringBuilder(root);
        while (location.length() < length)
        {
            final int segment = part(length - location.length() - 1, PathLimits.SEGMENT);
            location.append('/').append("s".repeat(segment));
        }
        return location.toString();
    }

    /** A metapath of exactly this length, in names of the longest length allowed. */
    private static String longMetapath(final int length)
    {
        final StringBuilder metapath = new StringBuilder();
        while (metapath.length() < length)
        {
            final int slash = metapath.length() == 0 ? 0 : 1;
            final int name = part(length - metapath.length() - slash, PathLimits.NAME);
            metapath.append(slash == 0 ? "" : "/").append("n".repeat(name));
        }
        return metapath.toString();
    }

    /** The next part's length: the longest allowed, unless it would leave room only for a slash. */
    private static int part(final int remaining, final int longest)
    {
        final int part = Math.min(longest, remaining);
        return remaining - part == 1 ? part - 1 : part;
    }
}
