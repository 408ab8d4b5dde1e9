package dev.zom.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Settings read from properties and validated once at launch, naming the first invalid one.
 */
class BrokerContextTest
{
    @TempDir
    Path dir;

    @Test
    void theRetryWindowExpiryShouldBeReadAndValidated()
    {
        final Properties properties = new Properties();
        properties.setProperty("zom.broker.dedup.expiry.minutes", "90");
        assertThat(BrokerContext.embedded(dir).fromProperties(properties).conclude().dedupExpiryMinutes())
            .isEqualTo(90);
        assertThat(BrokerContext.embedded(dir).dedupExpiryMinutes()).as("a day by default").isEqualTo(1440);
        properties.setProperty("zom.broker.dedup.expiry.minutes", "0");
        assertThatThrownBy(() -> BrokerContext.embedded(dir).fromProperties(properties).conclude())
            .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid dedup.expiry.minutes=0");
    }

    @Test
    void theJournalRetentionShouldBeReadAndValidated()
    {
        final Properties properties = new Properties();
        properties.setProperty("zom.broker.journal.retention.hours", "720");
        assertThat(BrokerContext.embedded(dir).fromProperties(properties).conclude().journalContext().retention())
            .isEqualTo(Duration.ofDays(30));
        assertThat(BrokerContext.embedded(dir).journalContext().retention()).as("a week by default")
            .isEqualTo(Duration.ofDays(7));
        properties.setProperty("zom.broker.journal.retention.hours", "-1");
        assertThatThrownBy(() -> BrokerContext.embedded(dir).fromProperties(properties).conclude())
            .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid journal.retention.hours=-1");
    }

    @Test
    void aMistypedOrUnparsableSettingShouldBeRefusedNotIgnored()
    {
        final Properties typo = new Properties();
        typo.setProperty("zom.broker.rnig.size", "1024");
        assertThatThrownBy(() -> BrokerContext.embedded(dir).fromProperties(typo))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("unknown setting zom.broker.rnig.size (a typo? docs/CONFIGURATION.md lists them)");
        final Properties yes = new Properties();
        yes.setProperty("zom.broker.history.every", "yes");
        assertThatThrownBy(() -> BrokerContext.embedded(dir).fromProperties(yes))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("invalid zom.broker.history.every=yes (true or false)");
        final Properties other = new Properties();
        other.setProperty("zom.client.timeout", "5");
        other.setProperty("zom.broker.history.every", " true ");
        assertThat(BrokerContext.embedded(dir).fromProperties(other).historyOfEveryOverwrite())
            .as("other prefixes are not the broker's; values are trimmed").isTrue();
    }

    @Test
    void everySettingShouldBeDocumentedAndEveryDocumentedOneRead() throws Exception
    {
        final Matcher documented = Pattern.compile("^\\| `(zom\\.broker\\.[a-z.]+)` \\|", Pattern.MULTILINE)
            .matcher(Files.readString(Path.of("../docs/CONFIGURATION.md")));
        final Set<String> names = new TreeSet<>();
        while (documented.find())
        {
            names.add(documented.group(1));
        }
        assertThat(names).isEqualTo(BrokerContext.propertyNames());
    }

    @Test
    void theSampleConfigurationInOperationsShouldBeAccepted() throws Exception
    {
        final Matcher sample = Pattern.compile("```properties\\n(.*?)```", Pattern.DOTALL)
            .matcher(Files.readString(Path.of("../docs/OPERATIONS.md")));
        assertThat(sample.find()).as("the sample broker.properties").isTrue();
        final Properties properties = new Properties();
        properties.load(new StringReader(sample.group(1)));
        final BrokerContext context = new BrokerContext().fromProperties(properties);
        assertThat(context.journalContext().retention()).isEqualTo(Duration.ofDays(14));
        assertThat(context.roots()).hasSize(2);
    }

    @Test
    void aRootThatIsAFileShouldBeRefused() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("not-a-folder"), "");
        assertThatThrownBy(() -> BrokerContext.embedded(dir).root(file).conclude())
            .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid root=" + file + " (not a folder)");
    }
}
