package dev.zom.tools;

import dev.zom.broker.Broker;
import dev.zom.broker.BrokerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zom write}, {@code read}, {@code ls} and {@code stat} through a running broker.
 */
@Timeout(60)
class BrokerCommandsTest
{
    @TempDir
    Path dir;

    private Broker broker;
    private String shot;

    @BeforeEach
    void launch()
    {
        broker = Broker.launch(BrokerContext.embedded(dir));
        shot = dir.resolve("data/shot").toString();
    }

    @AfterEach
    void close()
    {
        broker.close();
    }

    @Test
    void writeReadAndLsShouldGoThroughTheBroker()
    {
        final CommandResult write = run("write", shot, "frames", "42");
        assertThat(write.exitCode()).as(write.err()).isZero();
        assertThat(write.out()).startsWith("acked at journal index ");
        assertThat(run("write", shot, "name", "alice").exitCode()).isZero();
        assertThat(run("read", shot, "frames").out()).isEqualTo("42\n");
        assertThat(run("read", shot, "name").out()).isEqualTo("\"alice\"\n");
        assertThat(run("ls", shot).out()).isEqualTo("frames\tint\nname\tstring\n");
        assertThat(run("ls", shot + "0").err()).isEqualTo("zom: no entries at location=" + shot + "0\n");
        assertThat(run("ls", shot, "render").err())
            .isEqualTo("zom: no entries at location=" + shot + " in group=render\n");
        assertThat(run("stat").out()).contains("zom_acked_total 2");
    }

    @Test
    void fromShouldPipelineEveryLineAndReportTheAckedCount() throws Exception
    {
        final StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 3000; i++)
        {
            lines.append("{\"location\": \"").append(shot).append("\", \"metapath\": \"e").append(i % 300)
                .append("\", \"value\": ").append(i).append("}\n");
        }
        final Path file = dir.resolve("writes.jsonl");
        Files.writeString(file, lines);
        final CommandResult result = run("write", "--from", file.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("acked 3000 writes\n");
        assertThat(run("read", shot, "e299").out()).isEqualTo("2999\n");
    }

    @Test
    void aWriteTheBrokerRefusesShouldExitOneWithItsReason()
    {
        final CommandResult result = run("write", "/etc", "x", "1");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("outside the roots of this broker (" + dir.resolve("data") + ";")
            .hasLineCount(1);
        final CommandResult tooLong = run("write", shot, "notes", "x".repeat(20_000));
        assertThat(tooLong.exitCode()).isEqualTo(1);
        assertThat(tooLong.err()).contains("larger than the broker accepts").hasLineCount(1);
    }

    @Test
    void anInvalidBrokerSettingShouldExitOneNamingItWithoutLaunching() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("not-a-folder"), "");
        final CommandResult result = CommandResult.run("broker", "--root", file.toString(), "--journal",
            dir.resolve("other-journal").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("zom: invalid root=" + file + " (not a folder)" + System.lineSeparator());
        assertThat(dir.resolve("other-journal")).doesNotExist();
    }

    @Test
    void noBrokerShouldExitOneWithAClearMessage()
    {
        final CommandResult result = CommandResult.run("stat", "--broker", "tcp://127.0.0.1:1");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no reply from the broker");
    }

    private CommandResult run(final String... args)
    {
        final List<String> withBroker = new ArrayList<>(List.of(args));
        withBroker.add(1, "--broker=" + broker.routerEndpoint());
        return CommandResult.run(withBroker.toArray(String[]::new));
    }
}
