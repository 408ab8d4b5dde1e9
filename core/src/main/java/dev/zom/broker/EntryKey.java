package dev.zom.broker;

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
        final char[] key = new char[location.length() + 1 + metapath.length()];
        location.getChars(0, location.length(), key, 0);
        key[location.length()] = '\u0000';
        final int length = putNamesOnly(metapath, key, location.length() + 1);
        return new String(key, 0, length);
    }

    static String namesOnly(final String metapath)
    {
        final char[] key = new char[metapath.length()];
        return new String(key, 0, putNamesOnly(metapath, key, 0));
    }

    /**
     * Copies a metapath's names, lower-cased and without their suffixes, into {@code key} from {@code offset}: one
     * pass, no intermediate strings (the disk writers key every record they read this way).
     *
     * @return where the key ends.
     */
    private static int putNamesOnly(final String metapath, final char[] key, final int offset)
    {
        int out = offset;
        boolean inSuffix = false;
        for (int i = 0; i < metapath.length(); i++)
        {
            final char c = metapath.charAt(i);
            if (c == '/')
            {
                inSuffix = false;
                key[out++] = c;
            }
            else if (c == '.')
            {
                inSuffix = true;
            }
            else if (!inSuffix)
            {
                key[out++] = c < 128 ? (char)(c >= 'A' && c <= 'Z' ? c + 32 : c) :
                    Character.toLowerCase(c);
            }
        }
        return out;
    }
}
