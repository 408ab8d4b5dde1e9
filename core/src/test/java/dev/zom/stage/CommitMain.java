package dev.zom.stage;

import dev.zom.format.Value;

import java.nio.file.Path;

/**
 * Commits in a child JVM until it is killed: prints "committed N" after each commit returns.
 */
public final class CommitMain
{
    private CommitMain()
    {
    }

    /**
     * Commits n0, n1, ... at a location.
     *
     * @param args the stage's folder and the location.
     */
    public static void main(final String[] args)
    {
        try (Stage stage = Stage.open(Path.of(args[0])))
        {
            for (long i = 0; ; i++)
            {
                stage.commit(args[1], "n" + i, Value.of("value " + i));
                System.out.println("committed " + i);
            }
        }
    }
}
