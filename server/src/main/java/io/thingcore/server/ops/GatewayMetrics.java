package io.thingcore.server.ops;

import io.thingcore.api.ApiServer;
import io.thingcore.api.ops.ApiCounters;
import io.thingcore.broker.MqttBroker;
import io.thingcore.broker.metrics.BrokerCounters;
import io.thingcore.broker.metrics.BrokerGauges;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Renders one scrape: the broker's counters and levels, the API's calls and errors per operation, and the JVM's
 * memory, garbage collection and threads. Reads counters that the event loops and workers keep; adds nothing to their
 * paths. Metric names follow the Prometheus naming conventions ({@code _total} for counters, base units).
 */
final class GatewayMetrics {
    private final MqttBroker broker;
    private volatile @Nullable ApiServer api;

    GatewayMetrics(MqttBroker broker) {
        this.broker = broker;
    }

    void apiStarted(ApiServer server) {
        this.api = server;
    }

    String scrape() {
        PrometheusText out = new PrometheusText();
        broker(out);
        api(out);
        jvm(out);
        return out.toString();
    }

    private void broker(PrometheusText out) {
        BrokerCounters counters = broker.counters();
        BrokerGauges gauges = broker.gauges();
        out.family("thingcore_mqtt_connections", "gauge", "MQTT connections open now (CONNECT accepted).")
                .sample("thingcore_mqtt_connections", gauges.connections());
        out.family("thingcore_mqtt_connections_total", "counter", "MQTT connections accepted (CONNACK 0) since start.")
                .sample("thingcore_mqtt_connections_total", counters.mqttConnections());
        out.family("thingcore_tcp_connections_total", "counter", "TCP connections accepted on the MQTT port.")
                .sample("thingcore_tcp_connections_total", counters.tcpConnections());
        out.family("thingcore_tls_handshakes_total", "counter", "TLS handshakes on the MQTT port, by result.");
        counters.handshakes()
                .forEach((result, n) -> out.sample("thingcore_tls_handshakes_total", n, "result", label(result)));
        out.family(
                "thingcore_mqtt_refusals_total",
                "counter",
                "Connections refused during the TLS handshake or at CONNECT, by reason.");
        counters.refusals()
                .forEach((reason, n) -> out.sample("thingcore_mqtt_refusals_total", n, "reason", label(reason)));
        out.family("thingcore_mqtt_messages_received_total", "counter", "PUBLISH packets received from clients.");
        for (int qos = 0; qos <= 1; qos++) {
            out.sample("thingcore_mqtt_messages_received_total", counters.publishesReceived(qos), "qos", qos + "");
        }
        out.family("thingcore_mqtt_messages_sent_total", "counter", "PUBLISH packets sent to subscribers.");
        for (int qos = 0; qos <= 1; qos++) {
            out.sample("thingcore_mqtt_messages_sent_total", counters.publishesSent(qos), "qos", qos + "");
        }
        out.family("thingcore_mqtt_messages_dropped_total", "counter", "Messages dropped by the broker, by reason.");
        counters.drops()
                .forEach(
                        (reason, n) -> out.sample("thingcore_mqtt_messages_dropped_total", n, "reason", label(reason)));
        out.sample("thingcore_mqtt_messages_dropped_total", gauges.droppedQueueFull(), "reason", "queue_full");
        out.family("thingcore_mqtt_sessions", "gauge", "MQTT sessions held now, online and offline persistent ones.")
                .sample("thingcore_mqtt_sessions", gauges.sessions());
        out.family("thingcore_mqtt_queued_messages", "gauge", "QoS 1 messages waiting in session queues.")
                .sample("thingcore_mqtt_queued_messages", gauges.queuedMessages());
        out.family(
                        "thingcore_service_requests_queued",
                        "gauge",
                        "Reserved-topic service requests waiting for a worker.")
                .sample("thingcore_service_requests_queued", gauges.serviceRequestsQueued());
    }

    private void api(PrometheusText out) {
        ApiServer server = api;
        out.family("thingcore_api_requests_queued", "gauge", "API requests waiting for a worker.")
                .sample("thingcore_api_requests_queued", server == null ? 0 : server.queuedRequests());
        out.family(
                "thingcore_api_calls_total", "counter", "API calls by operation (- for requests that reached none).");
        out.family("thingcore_api_errors_total", "counter", "API error responses by operation and AWS error type.");
        if (server == null) {
            return;
        }
        ApiCounters counters = server.counters();
        counters.calls().forEach((operation, n) -> out.sample("thingcore_api_calls_total", n, "operation", operation));
        counters.errors()
                .forEach((key, n) -> out.sample(
                        "thingcore_api_errors_total", n, "operation", key.operation(), "error_type", key.errorType()));
    }

    private static void jvm(PrometheusText out) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        out.family("jvm_memory_used_bytes", "gauge", "JVM memory in use.")
                .sample("jvm_memory_used_bytes", heap.getUsed(), "area", "heap")
                .sample("jvm_memory_used_bytes", nonHeap.getUsed(), "area", "nonheap");
        out.family("jvm_memory_committed_bytes", "gauge", "JVM memory committed by the operating system.")
                .sample("jvm_memory_committed_bytes", heap.getCommitted(), "area", "heap")
                .sample("jvm_memory_committed_bytes", nonHeap.getCommitted(), "area", "nonheap");
        out.family("jvm_memory_max_bytes", "gauge", "The most memory the JVM may use (-1: no limit).")
                .sample("jvm_memory_max_bytes", heap.getMax(), "area", "heap")
                .sample("jvm_memory_max_bytes", nonHeap.getMax(), "area", "nonheap");
        out.family("jvm_gc_collections_total", "counter", "Garbage collections, by collector.");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            out.sample("jvm_gc_collections_total", Math.max(0, gc.getCollectionCount()), "gc", gc.getName());
        }
        out.family("jvm_gc_collection_seconds_total", "counter", "Time spent in garbage collections, by collector.");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            out.sample(
                    "jvm_gc_collection_seconds_total",
                    Math.max(0, gc.getCollectionTime()) / 1000.0,
                    "gc",
                    gc.getName());
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        out.family("jvm_threads_live", "gauge", "Live JVM threads.")
                .sample("jvm_threads_live", threads.getThreadCount());
        out.family("jvm_threads_daemon", "gauge", "Live daemon JVM threads.")
                .sample("jvm_threads_daemon", threads.getDaemonThreadCount());
        out.family("jvm_threads_peak", "gauge", "The most live JVM threads since start.")
                .sample("jvm_threads_peak", threads.getPeakThreadCount());
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        out.family("process_start_time_seconds", "gauge", "When the gateway's JVM started, in Unix seconds.")
                .sample("process_start_time_seconds", runtime.getStartTime() / 1000.0);
        out.family("process_uptime_seconds", "gauge", "How long the gateway's JVM has run.")
                .sample("process_uptime_seconds", runtime.getUptime() / 1000.0);
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
