package io.thingcore.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thingcore.testkit.net.TcpProxy;
import io.thingcore.testkit.tools.PostgresSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator endpoints as a probe and a scraper use them: no credentials, readiness that follows the database, the
 * Prometheus text format, URLs in {@code connection.json}, and {@code --metrics-bind} moving them off the API port.
 */
class OpsEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void closeClient() {
        http.close();
    }

    private GatewayConfig.Builder gateway() {
        return GatewayConfig.builder(dataDir).apiPort(0).mqttPort(0);
    }

    @Test
    void healthAndMetricsAnswerWithoutCredentialsOnTheApiPort() throws Exception {
        try (Gateway gateway = Gateway.start(gateway().build(), Clock.systemUTC())) {
            ConnectionInfo info = ConnectionInfo.read(gateway.connectionFile());
            assertThat(info.healthUrl()).isEqualTo(info.apiEndpoint() + "/_thingcore/health");
            assertThat(info.metricsUrl()).isEqualTo(info.apiEndpoint() + "/_thingcore/metrics");

            HttpResponse<String> health = get(info.healthUrl());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("content-type")).hasValue("application/json");
            JsonNode body = JSON.readTree(health.body());
            assertThat(body.path("status").asText()).isEqualTo("UP");
            assertThat(body.path("ready").asBoolean()).isTrue();
            assertThat(body.at("/checks/database/status").asText()).isEqualTo("UP");
            assertThat(body.at("/checks/mqtt/status").asText()).isEqualTo("UP");
            assertThat(get(info.healthUrl() + "/live").statusCode()).isEqualTo(200);

            HttpResponse<String> metrics = get(info.metricsUrl());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type"))
                    .hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(metrics.body())
                    .contains("# TYPE thingcore_mqtt_connections gauge\nthingcore_mqtt_connections 0\n")
                    .contains("# TYPE thingcore_mqtt_messages_received_total counter\n")
                    .contains("thingcore_mqtt_refusals_total{reason=\"no_client_certificate\"} 0\n")
                    .contains("thingcore_mqtt_refusals_total{reason=\"connect_not_authorized\"} 0\n")
                    .contains("thingcore_mqtt_messages_dropped_total{reason=\"queue_full\"} 0\n")
                    .contains("thingcore_api_requests_queued 0\n")
                    .containsPattern("jvm_memory_used_bytes\\{area=\"heap\"} [1-9][0-9]*\n")
                    .contains("jvm_threads_live ");
            assertThat(metrics.body().lines())
                    .as("every line is a comment or name{labels} value")
                    .allMatch(line -> line.startsWith("# ")
                            || line.matches("[a-z_]+(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*})? -?[0-9.E]+"));

            HttpResponse<String> post = http.send(
                    HttpRequest.newBuilder(URI.create(info.metricsUrl()))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            // The rest of /_thingcore stays the SigV4-signed control plane's.
            assertThat(get(info.apiEndpoint() + "/_thingcore/reset").statusCode())
                    .isEqualTo(403);
        }
    }

    @Test
    void everyMetricTheGrafanaDashboardQueriesIsExposed() throws Exception {
        String dashboard = Files.readString(Path.of("..", "docs", "grafana", "thingcore.json"));
        List<String> queried = Pattern.compile("\\b(?:thingcore|jvm|process)_[a-z_]+")
                .matcher(dashboard)
                .results()
                .map(MatchResult::group)
                .distinct()
                .toList();
        try (Gateway gateway = Gateway.start(gateway().build(), Clock.systemUTC())) {
            String metrics = get(gateway.connection().metricsUrl()).body();
            assertThat(queried)
                    .hasSizeGreaterThan(10)
                    .allSatisfy(name -> assertThat(metrics)
                            .as("the dashboard queries %s", name)
                            .contains("# TYPE " + name + " "));
        }
    }

    @Test
    void metricsBindServesThemOnTheirOwnListenerAndNotOnTheApiPort() throws Exception {
        try (Gateway gateway =
                Gateway.start(gateway().metricsBind("127.0.0.1:0").build(), Clock.systemUTC())) {
            ConnectionInfo info = gateway.connection();
            assertThat(info.healthUrl())
                    .startsWith("http://127.0.0.1:")
                    .doesNotStartWith(info.apiEndpoint())
                    .endsWith("/_thingcore/health");
            assertThat(get(info.healthUrl()).statusCode()).isEqualTo(200);
            assertThat(get(info.metricsUrl()).body()).contains("thingcore_mqtt_connections 0");
            assertThat(get(info.apiEndpoint() + "/_thingcore/metrics").statusCode())
                    .as("unsigned on the API port: refused like any unsigned request")
                    .isEqualTo(403);
            assertThat(get(info.healthUrl().replace("/_thingcore/health", "/other"))
                            .statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void aMalformedMetricsBindIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> gateway().metricsBind("localhost:http").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--metrics-bind must be HOST:PORT or PORT (port 0..65535), got 'localhost:http'");
        assertThat(MetricsBind.parse("9100")).isEqualTo(new MetricsBind("127.0.0.1", 9100));
        assertThat(MetricsBind.parse("[::1]:9100")).isEqualTo(new MetricsBind("::1", 9100));
    }

    @Test
    void readinessFlipsTo503WhenPostgresqlBecomesUnreachableAndBackWhenItReturns() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create("ops_test")) {
            URI server = URI.create(schema.baseUrl().substring("jdbc:".length()));
            try (TcpProxy network = TcpProxy.start(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort())) {
                String viaProxy = schema.url().replaceFirst("//[^/]+/", "//127.0.0.1:" + network.port() + "/");
                try (Gateway gateway = Gateway.start(gateway().db(viaProxy).build(), Clock.systemUTC())) {
                    String health = gateway.connection().healthUrl();
                    assertThat(get(health).statusCode()).isEqualTo(200);

                    network.cut();
                    HttpResponse<String> down = awaitHealth(health, r -> r.statusCode() == 503);
                    JsonNode body = JSON.readTree(down.body());
                    assertThat(body.path("status").asText()).isEqualTo("DOWN");
                    assertThat(body.at("/checks/database/status").asText()).isEqualTo("DOWN");
                    assertThat(body.at("/checks/mqtt/status").asText()).isEqualTo("UP");
                    assertThat(down.body()).doesNotContain("password").doesNotContain(schema.name());
                    assertThat(get(health + "/live").statusCode())
                            .as("alive while the database is away")
                            .isEqualTo(200);

                    network.restore();
                    HttpResponse<String> up = awaitHealth(health, r -> r.statusCode() == 200);
                    assertThat(JSON.readTree(up.body()).path("status").asText()).isEqualTo("UP");
                }
            }
        }
    }

    private HttpResponse<String> awaitHealth(String url, Predicate<HttpResponse<String>> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Integer> seen = new java.util.ArrayList<>();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = get(url);
            if (condition.test(response)) {
                return response;
            }
            seen.add(response.statusCode());
            Thread.sleep(200);
        }
        throw new AssertionError("health never reached the expected state; saw " + seen);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
