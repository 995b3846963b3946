package io.thingcore.broker.metrics;

import io.thingcore.broker.refusals.RefusalReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Monotonic counters of one broker since it started. Increments are a {@link LongAdder} add each (the publish path
 * pays a few nanoseconds per message, measured in {@code bench-jmh}'s {@code BrokerCountersBenchmark}); reads sum the
 * stripes and are meant for scrapes, not for the hot path. Thread-safe.
 */
public final class BrokerCounters {
    /** Why the broker dropped a message instead of routing or delivering it. */
    public enum Drop {
        /** A PUBLISH the client's policy does not allow (iot:Publish or iot:RetainPublish). */
        PUBLISH_NOT_AUTHORIZED,
        /** A RETAIN publish over the retained-message quota. */
        RETAINED_QUOTA,
        /** A request to a reserved-topic service whose queue was full. */
        SERVICE_BUSY,
        /** A QoS 0 delivery to a subscriber that does not read fast enough (write buffer above its high mark). */
        SLOW_SUBSCRIBER,
        /**
         * A delivery whose PUBLISH would exceed the client's MQTT 5 Maximum Packet Size: discarded as if sent
         * (MQTT-3.1.2-25).
         */
        TOO_LARGE_FOR_CLIENT
    }

    /** Which TLS handshakes ended how. */
    public enum Handshake {
        SUCCEEDED,
        FAILED
    }

    private final LongAdder tcpConnections = new LongAdder();
    private final LongAdder mqttConnections = new LongAdder();
    private final LongAdder[] handshakes = adders(Handshake.values().length);
    private final LongAdder[] refusals = adders(RefusalReason.values().length);
    private final LongAdder[] drops = adders(Drop.values().length);
    private final LongAdder[] publishesIn = adders(2);
    private final LongAdder[] publishesOut = adders(2);

    private static LongAdder[] adders(int n) {
        LongAdder[] out = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            out[i] = new LongAdder();
        }
        return out;
    }

    /** A TCP connection was accepted on the MQTT port. */
    public void tcpConnectionAccepted() {
        tcpConnections.increment();
    }

    /** A CONNECT was accepted (CONNACK 0 sent). */
    public void mqttConnectionAccepted() {
        mqttConnections.increment();
    }

    public void handshake(Handshake outcome) {
        handshakes[outcome.ordinal()].increment();
    }

    /**
     * A connection was refused, during the TLS handshake or at CONNECT: called once per refused connection, with the
     * reason its log line and the console name ({@link RefusalReason}).
     */
    public void refused(RefusalReason reason) {
        refusals[reason.ordinal()].increment();
    }

    public void dropped(Drop reason) {
        drops[reason.ordinal()].increment();
    }

    /** A PUBLISH received from a client, before any check; {@code qos} is 0 or 1 (QoS 2 counts as 1: it is refused). */
    public void publishReceived(int qos) {
        publishesIn[qos == 0 ? 0 : 1].increment();
    }

    /** A PUBLISH handed to a subscriber's connection (a QoS 1 redelivery counts again). */
    public void publishSent(int qos) {
        publishesOut[qos == 0 ? 0 : 1].increment();
    }

    public long tcpConnections() {
        return tcpConnections.sum();
    }

    public long mqttConnections() {
        return mqttConnections.sum();
    }

    public Map<Handshake, Long> handshakes() {
        return sums(Handshake.class, Handshake.values(), handshakes);
    }

    /** Refused connections by reason, every reason present (zero included). */
    public Map<RefusalReason, Long> refusals() {
        return sums(RefusalReason.class, RefusalReason.values(), refusals);
    }

    public Map<Drop, Long> drops() {
        return sums(Drop.class, Drop.values(), drops);
    }

    /** PUBLISH packets received, by QoS. */
    public long publishesReceived(int qos) {
        return publishesIn[qos == 0 ? 0 : 1].sum();
    }

    /** PUBLISH packets sent to subscribers, by QoS. */
    public long publishesSent(int qos) {
        return publishesOut[qos == 0 ? 0 : 1].sum();
    }

    private static <E extends Enum<E>> Map<E, Long> sums(Class<E> type, E[] keys, LongAdder[] values) {
        Map<E, Long> out = new EnumMap<>(type);
        for (E key : keys) {
            out.put(key, values[key.ordinal()].sum());
        }
        return out;
    }
}
