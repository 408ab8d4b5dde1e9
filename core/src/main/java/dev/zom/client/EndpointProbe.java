package dev.zom.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * Says why a broker endpoint that never answered may be silent, for the message of a client's timeout: a plain TCP
 * connection tells a port where nothing listens (the broker is down, or the port is wrong) from one where something
 * listens but did not take the client's socket (most often the broker's other endpoint given instead, whose ZeroMQ
 * handshake refuses a DEALER or a PUSH in silence; or a broker that is stalled). Runs only on those failure paths.
 */
final class EndpointProbe
{
    private static final int CONNECT_MILLIS = 1000;

    private EndpointProbe()
    {
    }

    /**
     * What a TCP connection to the broker's ROUTER endpoint finds.
     *
     * @param endpoint a ZeroMQ endpoint, {@code tcp://HOST:PORT} (any other is not probed).
     * @return a sentence for the timeout's message.
     */
    static String describe(final String endpoint)
    {
        return describe(endpoint, "ROUTER", "PULL endpoint (5570 by default; its ROUTER is 5571)");
    }

    /**
     * What a TCP connection to the broker's PULL endpoint finds.
     *
     * @param endpoint a ZeroMQ endpoint, {@code tcp://HOST:PORT} (any other is not probed).
     * @return a sentence for the timeout's message.
     */
    static String describePull(final String endpoint)
    {
        return describe(endpoint, "PULL", "ROUTER endpoint (5571 by default; its PULL is 5570)");
    }

    private static String describe(final String endpoint, final String expected, final String other)
    {
        final URI uri;
        try
        {
            uri = URI.create(endpoint);
        }
        catch (final IllegalArgumentException ex)
        {
            return "is one running there?";
        }
        if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0)
        {
            return "is one running there?";
        }
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), CONNECT_MILLIS);
            return "something listens there but did not answer as a broker's " + expected + " endpoint: is it the " +
                "broker's " + other + " or another program, or is the broker stalled?";
        }
        catch (final ConnectException refused)
        {
            return "nothing listens there: is the broker running, and is this its " + expected + " endpoint?";
        }
        catch (final IOException ex)
        {
            return "the host did not take a connection to port " + uri.getPort() + " (" + ex.getMessage() +
                "): is one running there?";
        }
    }
}
