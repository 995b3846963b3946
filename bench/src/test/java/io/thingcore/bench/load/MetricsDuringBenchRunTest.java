package io.thingcore.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, "How it is judged": {@code /_thingcore/metrics} scraped during a bench run, and every counter moves as
 * the load says. The gateway runs as the comparison runs it ({@link ThingcoreTarget}, its own process), the bench's
 * own generator drives the connect storm and point-to-point QoS 1 over mutual TLS, and the test reads the Prometheus
 * text the gateway serves at its {@code metricsUrl} before and after each scenario.
 */
class MetricsDuringBenchRunTest {
    private static final int DEVICES = 20;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    @Test
    void everyCounterMovesAsTheBenchLoadSays() throws Exception {
        BenchPki pki = BenchPki.create(DEVICES);
        Settings settings =
                Settings.quick(null).withPin(false).withConnections(DEVICES).withMeasure(Duration.ofMillis(700));
        Log log = Log.to(System.out);
        try (ThingcoreTarget target = ThingcoreTarget.start(temp.resolve("data"), -1, pki, log);
                Generator generator = new Generator(pki, 1)) {
            Scenarios scenarios = new Scenarios(generator, settings, log);
            String metricsUrl = target.connection().metricsUrl();

            Map<String, Double> before = scrape(metricsUrl);
            Result connect = scenarios.run(Scenario.CONNECT, target);
            Map<String, Double> afterConnect = scrape(metricsUrl);
            assertThat(connect.units()).isEqualTo(DEVICES);
            assertThat(moved(before, afterConnect, "thingcore_tls_handshakes_total{result=\"succeeded\"}"))
                    .as("handshakes of the connect storm")
                    .isGreaterThanOrEqualTo(DEVICES);
            assertThat(moved(before, afterConnect, "thingcore_mqtt_connections_total"))
                    .as("CONNECTs accepted in the connect storm")
                    .isGreaterThanOrEqualTo(DEVICES);
            assertThat(moved(before, afterConnect, "thingcore_tcp_connections_total"))
                    .isGreaterThanOrEqualTo(moved(before, afterConnect, "thingcore_mqtt_connections_total"));
            assertThat(openConnectionsOnceSettled(metricsUrl))
                    .as("connections open after the storm closed them")
                    .isZero();

            Result p2p = scenarios.run(Scenario.P2P_QOS1, target);
            Map<String, Double> afterP2p = scrape(metricsUrl);
            double in = moved(afterConnect, afterP2p, "thingcore_mqtt_messages_received_total{qos=\"1\"}");
            double out = moved(afterConnect, afterP2p, "thingcore_mqtt_messages_sent_total{qos=\"1\"}");
            assertThat(p2p.units()).isPositive();
            assertThat(in).as("QoS 1 publishes received, warm-up and window").isGreaterThanOrEqualTo(p2p.units());
            assertThat(out)
                    .as("point to point: each message received goes to exactly one subscriber")
                    .isEqualTo(in);
            assertThat(moved(afterConnect, afterP2p, "thingcore_mqtt_messages_received_total{qos=\"0\"}"))
                    .isZero();

            for (String series : afterP2p.keySet()) {
                if (series.startsWith("thingcore_mqtt_refusals_total")
                        || series.startsWith("thingcore_mqtt_messages_dropped_total")
                        || series.startsWith("thingcore_tls_handshakes_total{result=\"failed\"")) {
                    assertThat(moved(before, afterP2p, series))
                            .as("%s during a bench run of registered devices", series)
                            .isZero();
                }
            }
            for (String series : before.keySet()) {
                if (series.endsWith("_total") || series.contains("_total{")) {
                    assertThat(afterP2p.get(series))
                            .as("counter %s never goes down", series)
                            .isGreaterThanOrEqualTo(before.get(series));
                }
            }
        }
    }

    /** The gauge of open connections, read until it stops moving (disconnects are processed asynchronously). */
    private double openConnectionsOnceSettled(String url) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        double open = scrape(url).get("thingcore_mqtt_connections");
        while (open != 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            open = scrape(url).get("thingcore_mqtt_connections");
        }
        return open;
    }

    private static double moved(Map<String, Double> before, Map<String, Double> after, String series) {
        assertThat(after).as("series %s in the scrape", series).containsKey(series);
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    /** Series name with its labels, as the exposition format writes them, to value. */
    private Map<String, Double> scrape(String url) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Double> series = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return series;
    }
}
