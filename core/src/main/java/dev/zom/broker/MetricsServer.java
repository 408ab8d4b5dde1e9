package dev.zom.broker;

import com.sun.net.httpserver.HttpServer;
import dev.zom.ErrorCode;
import dev.zom.ZomException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Serves the counters in the Prometheus text format at {@code /metrics}, for the dashboards studios already run.
 * Uses the JDK's built-in HTTP server on its own thread.
 */
final class MetricsServer implements AutoCloseable
{
    private final HttpServer server;

    MetricsServer(final int port, final Supplier<String> text)
    {
        try
        {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        }
        catch (final IOException ex)
        {
            throw new ZomException(ErrorCode.UNAVAILABLE, "cannot listen for metrics on port=" + port + ": " + ex, ex);
        }
        server.createContext("/metrics", exchange ->
        {
            final byte[] body = text.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        });
        server.start();
    }

    int port()
    {
        return server.getAddress().getPort();
    }

    @Override
    public void close()
    {
        server.stop(0);
    }
}
