package dev.zom.broker;

import dev.zom.client.ZomClient;
import dev.zom.format.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus endpoint ({@code --metrics-port}) serves the counters over HTTP in the text exposition format a
 * Prometheus server scrapes: every metric with its help and its type (counters as counters, so that {@code rate()}
 * and restarts are handled; levels as gauges).
 */
@Timeout(60)
class MetricsEndpointTest
{
    @TempDir
    Path dir;

    @Test
    void everyMetricShouldBeServedWithItsHelpAndType() throws Exception
    {
        try (Broker broker = Broker.launch(BrokerContext.embedded(dir).metricsPort(0));
            ZomClient client = ZomClient.connect(broker.routerEndpoint(), null))
        {
            client.writeAcked(dir.resolve("data/shot").toString(), "frames", Value.of(42L));
            final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + broker.metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("text/plain; version=0.0.4; charset=utf-8");

            final Map<String, String> types = new HashMap<>();
            final Map<String, Integer> helps = new HashMap<>();
            for (final String line : response.body().lines().toList())
            {
                final String[] words = line.split(" ");
                if (line.startsWith("# TYPE "))
                {
                    assertThat(types.put(words[2], words[3])).as("one TYPE for %s", words[2]).isNull();
                }
                else if (line.startsWith("# HELP "))
                {
                    helps.merge(words[2], 1, Integer::sum);
                }
                else
                {
                    final String metric = words[0].replaceAll("\\{.*", "");
                    assertThat(types).as("TYPE before the samples of %s", metric).containsKey(metric);
                    assertThat(helps).as("HELP for %s", metric).containsKey(metric);
                    assertThat(types.get(metric)).as("the type of %s", metric)
                        .isEqualTo(metric.endsWith("_total") ? "counter" : "gauge");
                }
            }
            assertThat(response.body()).contains("\nzom_acked_total 1\n", "\nzom_ring_depth ");
        }
    }
}
