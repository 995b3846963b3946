package io.thingcore.broker.routing;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.thingcore.broker.wire.PublishHeads;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One application message as routed: immutable once built, apart from the heads of its PUBLISH packets, which its
 * first deliveries make and every later one shares ({@link #publishHeads}).
 */
public final class Message {
    private final String topic;
    private final byte[] payload;
    private final int qos;
    private final boolean retain;
    private final @Nullable MqttProperties properties;
    private final @Nullable String publisherClientId;

    /** Made on first use: a message that reaches no subscriber (or only the store) never needs them. */
    private @Nullable PublishHeads heads;

    /**
     * @param topic the topic name
     * @param payload the payload; never modified after construction
     * @param qos 0 or 1
     * @param retain the RETAIN flag the publisher set
     * @param properties MQTT 5 properties forwarded to MQTT 5 subscribers (never mutated), or null
     * @param publisherClientId the publishing client, or null for messages the broker itself publishes
     */
    public Message(
            String topic,
            byte[] payload,
            int qos,
            boolean retain,
            @Nullable MqttProperties properties,
            @Nullable String publisherClientId) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.payload = Objects.requireNonNull(payload, "payload");
        if (qos < 0 || qos > 1) {
            throw new IllegalArgumentException("qos must be 0 or 1: " + qos);
        }
        this.qos = qos;
        this.retain = retain;
        this.properties = properties;
        this.publisherClientId = publisherClientId;
    }

    public String topic() {
        return topic;
    }

    public byte[] payload() {
        return payload;
    }

    public int qos() {
        return qos;
    }

    public boolean retain() {
        return retain;
    }

    public @Nullable MqttProperties properties() {
        return properties;
    }

    public @Nullable String publisherClientId() {
        return publisherClientId;
    }

    /**
     * The heads of this message's PUBLISH packets, shared by all its deliveries. Thread-safe without locks: two event
     * loops that race make two equal objects, and either serves ({@link PublishHeads} publishes its parts safely).
     */
    public PublishHeads publishHeads() {
        PublishHeads made = heads;
        if (made == null) {
            made = new PublishHeads(topic, payload.length, properties);
            heads = made;
        }
        return made;
    }
}
