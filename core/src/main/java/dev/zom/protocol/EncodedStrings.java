package dev.zom.protocol;

import org.agrona.MutableDirectBuffer;

/**
 * Remembers the encoded bytes of strings an encoder meets again and again (a client's locations, its repeated
 * string values): a direct-mapped cache of {@value #SLOTS} slots chosen by the string's hash, each holding one string
 * of up to {@value #MAX_BYTES} encoded bytes, so encoding an equal string again is one copy instead of a loop over
 * its characters. Nothing is allocated after construction. Not thread-safe.
 */
final class EncodedStrings
{
    static final int SLOTS = 64;
    static final int MAX_BYTES = 256;

    /** How a string is encoded on a miss. */
    @FunctionalInterface
    interface Encoding
    {
        /**
         * Encodes a string.
         *
         * @param text   the string.
         * @param buffer where to write.
         * @param offset where to start.
         * @return how many bytes were written.
         */
        int encode(String text, MutableDirectBuffer buffer, int offset);
    }

    private final Encoding encoding;
    private final String[] strings = new String[SLOTS];
    private final byte[][] encoded = new byte[SLOTS][MAX_BYTES];
    private final int[] lengths = new int[SLOTS];

    EncodedStrings(final Encoding encoding)
    {
        this.encoding = encoding;
    }

    /**
     * Writes a string's encoding.
     *
     * @param buffer where to write.
     * @param offset where to start.
     * @param text   the string.
     * @return how many bytes were written.
     */
    int put(final MutableDirectBuffer buffer, final int offset, final String text)
    {
        final int slot = text.hashCode() & (SLOTS - 1);
        if (text.equals(strings[slot]))
        {
            buffer.putBytes(offset, encoded[slot], 0, lengths[slot]);
            return lengths[slot];
        }
        final int length = encoding.encode(text, buffer, offset);
        if (length <= MAX_BYTES)
        {
            buffer.getBytes(offset, encoded[slot], 0, length);
            lengths[slot] = length;
            strings[slot] = text;
        }
        return length;
    }
}
