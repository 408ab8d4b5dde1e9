package dev.zom.tools;

import dev.zom.replay.JournalRange;
import picocli.CommandLine.Option;

/**
 * The {@code --from}, {@code --to} and {@code --under} options of {@code zom replay} and {@code zom journal dump}:
 * which journal entries they take.
 */
final class RangeOptions
{
    @Option(names = "--from", paramLabel = "INDEX|TIME", converter = IndexOrTime.Converter.class,
        description = "Start at this journal index or broker time (ISO-8601).")
    IndexOrTime from;

    @Option(names = "--to", paramLabel = "INDEX|TIME", converter = IndexOrTime.Converter.class,
        description = "Stop after this journal index or broker time.")
    IndexOrTime to;

    @Option(names = "--under", paramLabel = "LOCATION", description = "Only locations equal to or below this one.")
    String under;

    JournalRange range()
    {
        return new JournalRange(
            from == null ? Long.MIN_VALUE : from.indexOr(Long.MIN_VALUE),
            to == null ? Long.MAX_VALUE : to.indexOr(Long.MAX_VALUE),
            from == null ? Long.MIN_VALUE : from.timeOr(Long.MIN_VALUE),
            to == null ? Long.MAX_VALUE : to.timeOr(Long.MAX_VALUE), under);
    }
}
