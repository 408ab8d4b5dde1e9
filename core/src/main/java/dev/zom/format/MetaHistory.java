package dev.zom.format;

import dev.zom.ErrorCode;
import dev.zom.ZomException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads an entry's history (RFC14): the imprints in {@code .history/<name>&<stamp>/} beside it, oldest first.
 * Stateless and thread-safe.
 */
public final class MetaHistory
{
    private MetaHistory()
    {
    }

    /**
     * One kept value.
     *
     * @param stamp  the imprint's time stamp, {@code YYYYMMDD-HHMMSS-mmm} (UTC).
     * @param user   who wrote the value.
     * @param value  the value.
     * @param folder the imprint's folder.
     */
    public record Imprint(String stamp, String user, Value value, Path folder)
    {
    }

    /**
     * The history of an entry, oldest first; empty when it has none.
     *
     * @param location a location from {@link Locations#parse}.
     * @param metapath the entry's metapath.
     * @return the imprints.
     */
    public static List<Imprint> list(final Path location, final Metapath metapath)
    {
        Path folder = location.resolve(Locations.META);
        if (!metapath.groups().isEmpty())
        {
            final List<Metapath.Segment> groups = metapath.groups();
            folder = MetaReader.find(location, new Metapath(groups)).path();
        }
        final Path history = folder.resolve(MetaWriter.HISTORY);
        final List<Imprint> imprints = new ArrayList<>();
        if (!Files.isDirectory(history))
        {
            return imprints;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(history))
        {
            for (final Path imprint : entries)
            {
                final String name = imprint.getFileName().toString();
                final int amp = name.lastIndexOf('&');
                if (amp > 0 && Names.sameName(name.substring(0, amp), metapath.leaf().name()))
                {
                    imprints.add(read(imprint, name.substring(amp + 1)));
                }
            }
        }
        catch (final IOException ex)
        {
            throw StorageErrors.of("cannot list history=" + history, ex);
        }
        imprints.sort(Comparator.comparing(Imprint::stamp));
        return imprints;
    }

    private static Imprint read(final Path imprint, final String stamp)
    {
        String user = "";
        Value value = null;
        for (final String file : MetaFolder.entryFiles(imprint))
        {
            final OmType type = OmType.fromSuffix(Names.suffixOf(file));
            if (Names.nameOf(file).equals("user"))
            {
                user = ((Value.StringValue)MetaReader.readFile(imprint.resolve(file), type)).value();
            }
            else if (Names.nameOf(file).equals("value"))
            {
                value = MetaReader.readFile(imprint.resolve(file), type);
            }
        }
        if (value == null)
        {
            throw new ZomException(ErrorCode.UNREADABLE, "history imprint without a value: " + imprint);
        }
        return new Imprint(stamp, user, value, imprint);
    }
}
