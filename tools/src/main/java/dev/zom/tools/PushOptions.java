package dev.zom.tools;

import dev.zom.stage.StagePush;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * The options shared by the commands that push a stage: {@code --stage}, {@code --broker} and {@code --timeout}.
 */
final class PushOptions
{
    @Mixin
    StageOption stage;

    @Mixin
    BrokerOption broker;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
        description = {"Count the broker as down when it does not answer for this long (default: ${DEFAULT-VALUE});",
            "once it has answered this push, after three such waits, sending the writes in flight again after each."})
    Duration timeout;

    int timeoutMillis()
    {
        return (int)Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    StagePush push()
    {
        return new StagePush(stage.layout(), broker.endpoint, timeoutMillis());
    }
}
