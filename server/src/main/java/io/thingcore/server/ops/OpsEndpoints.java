package io.thingcore.server.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.thingcore.api.ApiServer;
import io.thingcore.broker.MqttBroker;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The answers of the operator endpoints, whichever listener serves them. Blocks for at most
 * {@link DatabaseProbe#TIMEOUT} (the readiness check): call it on a worker thread.
 */
public final class OpsEndpoints implements AutoCloseable {
    public static final String HEALTH = "/_thingcore/health";
    public static final String LIVENESS = "/_thingcore/health/live";
    public static final String METRICS = "/_thingcore/metrics";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DatabaseProbe database;
    private final MqttBroker broker;
    private final GatewayMetrics metrics;

    public OpsEndpoints(DatabaseProbe database, MqttBroker broker) {
        this.database = database;
        this.broker = broker;
        this.metrics = new GatewayMetrics(broker);
    }

    /** Adds the API's counters to the metrics once the API server runs (it starts after the broker). */
    public void apiStarted(ApiServer api) {
        metrics.apiStarted(api);
    }

    /** Whether {@code rawPath} (without query) is one of ours. */
    public static boolean owns(String rawPath) {
        return rawPath.equals(HEALTH) || rawPath.equals(LIVENESS) || rawPath.equals(METRICS);
    }

    /** The response to {@code method rawPath}; null when the path is not one of ours. */
    public @Nullable FullHttpResponse answer(HttpMethod method, String rawPath) {
        if (!owns(rawPath)) {
            return null;
        }
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            FullHttpResponse refused = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET only\n", "text/plain");
            refused.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return refused;
        }
        return switch (rawPath) {
            case LIVENESS -> health(true);
            case HEALTH -> health(false);
            default -> text(HttpResponseStatus.OK, metrics.scrape(), PrometheusText.CONTENT_TYPE);
        };
    }

    /**
     * Liveness: the process answers HTTP (its API threads are not wedged). Readiness: besides, the database answers
     * within {@link DatabaseProbe#TIMEOUT} and the broker accepts MQTT connections. 503 when not ready, so that a
     * load balancer or an orchestrator stops sending traffic without restarting a gateway that only waits for its
     * database.
     */
    private FullHttpResponse health(boolean livenessOnly) {
        ObjectNode body = JSON.createObjectNode();
        if (livenessOnly) {
            body.put("status", "UP");
            body.put("live", true);
            return json(HttpResponseStatus.OK, body);
        }
        DatabaseProbe.Result db = database.check();
        boolean mqtt = broker.listening();
        boolean ready = db.up() && mqtt;
        body.put("status", ready ? "UP" : "DOWN");
        body.put("live", true);
        body.put("ready", ready);
        ObjectNode checks = body.putObject("checks");
        ObjectNode dbCheck = checks.putObject("database");
        dbCheck.put("status", db.up() ? "UP" : "DOWN");
        dbCheck.put("latencyMillis", db.latencyMillis());
        if (db.problem() != null) {
            dbCheck.put("problem", db.problem());
        }
        checks.putObject("mqtt").put("status", mqtt ? "UP" : "DOWN");
        return json(ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body);
    }

    private static FullHttpResponse json(HttpResponseStatus status, ObjectNode body) {
        return text(status, body.toString() + "\n", HttpHeaderValues.APPLICATION_JSON.toString());
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body, String contentType) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return response;
    }

    @Override
    public void close() {
        database.close();
    }
}
