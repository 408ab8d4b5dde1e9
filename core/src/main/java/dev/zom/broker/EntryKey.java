package dev.zom.broker;

import java.util.Locale;

/**
 * The identity of an entry for coalescing and read-your-writes: its location and its metapath with every name
 * lower-cased and every suffix dropped, since Open Metadata names are unique whatever their case and suffix.
 */
final class EntryKey
{
    private EntryKey()
    {
    }

    static String of(final String location, final String metapath)
    {
        return location + '\u0000' + namesOnly(metapath);
    }

    static String namesOnly(final String metapath)
    {
        final StringBuilder key = new StringBuilder(metapath.length());
        for (final String segment : metapath.split("/", -1))
        {
            final int dot = segment.indexOf('.');
            key.append(key.length() == 0 ? "" : "/").append(dot < 0 ? segment : segment.substring(0, dot));
        }
        return key.toString().toLowerCase(Locale.ROOT);
    }
}
