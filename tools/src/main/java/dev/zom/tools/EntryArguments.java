package dev.zom.tools;

import picocli.CommandLine.Parameters;

/**
 * The {@code LOCATION METAPATH} arguments naming one entry, shared by the commands that act on an entry.
 */
final class EntryArguments
{
    @Parameters(index = "0", paramLabel = "LOCATION", description = "The location (a folder).")
    String location;

    @Parameters(index = "1", paramLabel = "METAPATH", description = "The entry, e.g. a/b/c.")
    String metapath;

    /**
     * The location as an absolute path (relative ones are taken from the working directory).
     */
    String absoluteLocation()
    {
        return ValueArgument.absolute(location);
    }
}
