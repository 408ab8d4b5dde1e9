package dev.zom.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

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
    void aRootThatIsAFileShouldBeRefused() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("not-a-folder"), "");
        assertThatThrownBy(() -> BrokerContext.embedded(dir).root(file).conclude())
            .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid root=" + file + " (not a folder)");
    }
}
