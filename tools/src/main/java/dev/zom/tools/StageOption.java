package dev.zom.tools;

import dev.zom.stage.StageLayout;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The {@code --stage DIR} option shared by the commands that use the metastage.
 */
final class StageOption
{
    @Option(names = "--stage", paramLabel = "DIR", description = "The stage's folder (default: ~/.metastage).")
    Path root;

    StageLayout layout()
    {
        return root == null ? StageLayout.userDefault() : new StageLayout(root);
    }
}
