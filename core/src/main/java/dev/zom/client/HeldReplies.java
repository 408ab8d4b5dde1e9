package dev.zom.client;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Write replies a client received while it waited for the answer to a query, kept in arrival order until
 * {@link ZomClient#receiveAck()} asks for them: a read in the middle of pipelined writes must not lose their
 * acknowledgements. Each is held whole (a batch reply too). Not thread-safe, like the client.
 */
final class HeldReplies
{
    private final ExpandableArrayBuffer frames = new ExpandableArrayBuffer(4096);
    private int start;
    private int end;

    /**
     * Keeps a copy of one reply.
     *
     * @param src    where it is.
     * @param offset its first byte.
     * @param length its length.
     */
    void hold(final DirectBuffer src, final int offset, final int length)
    {
        frames.putInt(end, length);
        frames.putBytes(end + Integer.BYTES, src, offset, length);
        end += Integer.BYTES + length;
    }

    boolean isEmpty()
    {
        return start == end;
    }

    /**
     * Copies the oldest held reply to the start of {@code dst} and forgets it.
     *
     * @param dst where it goes; large enough for any reply.
     * @return its length.
     */
    int take(final byte[] dst)
    {
        final int length = frames.getInt(start);
        frames.getBytes(start + Integer.BYTES, dst, 0, length);
        start += Integer.BYTES + length;
        if (start == end)
        {
            start = 0;
            end = 0;
        }
        return length;
    }
}
