package dev.zom.format;

import java.nio.file.Path;

/**
 * One entry in a listing: its name as spelled on disk, its type, and its file or folder.
 *
 * @param name the name without suffix.
 * @param type the type given by the suffix.
 * @param path the entry's file (values) or folder (groups).
 */
public record MetaEntry(String name, OmType type, Path path)
{
}
