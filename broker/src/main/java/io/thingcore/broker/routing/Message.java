package io.thingcore.broker.routing;

import io.netty.handler.codec.mqtt.MqttProperties;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One application message as routed: immutable once built.
 *
 * @param topic the topic name
 * @param payload the payload; never modified after construction
 * @param qos 0 or 1
 * @param retain the RETAIN flag the publisher set
 * @param properties MQTT 5 properties forwarded to MQTT 5 subscribers (never mutated), or null
 * @param publisherClientId the publishing client, or null for messages the broker itself publishes
 */
public record Message(
        String topic,
        byte[] payload,
        int qos,
        boolean retain,
        @Nullable MqttProperties properties,
        @Nullable String publisherClientId) {
    public Message {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (qos < 0 || qos > 1) {
            throw new IllegalArgumentException("qos must be 0 or 1: " + qos);
        }
    }
}
