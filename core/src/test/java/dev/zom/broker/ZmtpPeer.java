package dev.zom.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A peer that speaks ZeroMQ's wire protocol (ZMTP 3.0, NULL mechanism) over a plain TCP socket, so a test can send
 * what no ZeroMQ library would: the header of a frame far longer than anything the broker accepts, a greeting asking
 * for another mechanism, or nothing at all.
 */
final class ZmtpPeer implements AutoCloseable
{
    private final Socket socket;

    /**
     * Connects and says hello as a socket of the given type ("PUSH", "DEALER").
     */
    ZmtpPeer(final String endpoint, final String socketType) throws IOException
    {
        this(endpoint);
        greet("NULL");
        final byte[] name = "Socket-Type".getBytes(StandardCharsets.US_ASCII);
        final byte[] type = socketType.getBytes(StandardCharsets.US_ASCII);
        final ByteBuffer ready = ByteBuffer.allocate(2 + 6 + 1 + name.length + 4 + type.length);
        ready.put((byte)0x04).put((byte)(ready.capacity() - 2)).put((byte)5)
            .put("READY".getBytes(StandardCharsets.US_ASCII)).put((byte)name.length).put(name)
            .putInt(type.length).put(type);
        socket.getOutputStream().write(ready.array());
        socket.getOutputStream().flush();
    }

    private ZmtpPeer(final String endpoint) throws IOException
    {
        final URI uri = URI.create(endpoint);
        socket = new Socket(uri.getHost(), uri.getPort());
    }

    /**
     * Connects and says nothing.
     */
    static ZmtpPeer silent(final String endpoint) throws IOException
    {
        return new ZmtpPeer(endpoint);
    }

    /**
     * Sends the ZMTP 3.0 greeting asking for a security mechanism ("NULL", "CURVE").
     */
    void greet(final String mechanism) throws IOException
    {
        final byte[] greeting = new byte[64];
        greeting[0] = (byte)0xFF;
        greeting[9] = 0x7F;
        greeting[10] = 3;
        final byte[] name = mechanism.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, greeting, 12, name.length);
        final OutputStream out = socket.getOutputStream();
        out.write(greeting);
        out.flush();
    }

    /**
     * Sends the header of a single frame of {@code length} bytes, and the first few of them.
     */
    void startFrame(final long length) throws IOException
    {
        final ByteBuffer header = ByteBuffer.allocate(9 + 16);
        header.put((byte)0x02).putLong(length);
        socket.getOutputStream().write(header.array());
        socket.getOutputStream().flush();
    }

    /**
     * Whether the other side closes the connection within the timeout (reading and dropping what it sends).
     */
    boolean closedWithin(final int timeoutMillis) throws IOException
    {
        socket.setSoTimeout(timeoutMillis);
        final InputStream in = socket.getInputStream();
        final byte[] buffer = new byte[1024];
        try
        {
            while (in.read(buffer) >= 0)
            {
                continue;
            }
            return true;
        }
        catch (final SocketTimeoutException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            return true;
        }
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
