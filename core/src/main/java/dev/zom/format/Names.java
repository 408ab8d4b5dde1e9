package dev.zom.format;

import dev.zom.ErrorCode;
import dev.zom.ZomException;

/**
 * The characters the reference library accepts in a path ({@code A-Z a-z 0-9 _ & $ : . space = -} and {@code /}),
 * and the rules for entry names.
 */
final class Names
{
    private Names()
    {
    }

    static boolean isAllowed(final char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '_' || c == '&' || c == '$' || c == ':' || c == '.' || c == ' ' || c == '=' || c == '-' || c == '/';
    }

    static void checkCharacters(final String text, final String what)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (!isAllowed(c))
            {
                throw new ZomException(ErrorCode.BAD_CHARACTER, String.format(
                    "character U+%04X at index=%d is not allowed in %s=%s (allowed: A-Z a-z 0-9 _ & $ : . space = - /)",
                    (int)c, i, what, text));
            }
        }
    }

    static boolean sameName(final String a, final String b)
    {
        return a.equalsIgnoreCase(b);
    }

    /**
     * The name part of a file name in a {@code .meta} folder: everything before the first dot.
     */
    static String nameOf(final String fileName)
    {
        final int dot = fileName.indexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }

    /**
     * The suffix of a file name in a {@code .meta} folder: everything after the first dot, or "" when none.
     */
    static String suffixOf(final String fileName)
    {
        final int dot = fileName.indexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1);
    }
}
