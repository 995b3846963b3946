package io.thingcore.broker.spi;

import java.util.Objects;

/**
 * One QoS 1 message a stored session has not acknowledged yet (queued, or sent and awaiting PUBACK). MQTT 5
 * properties of the original PUBLISH are not stored: after a restart the message is delivered without them.
 *
 * @param sequence the message's number within its session, increasing in queue order
 * @param topic the topic name
 * @param payload the payload (not copied: never modify it)
 * @param retain the RETAIN flag of the delivery (true only for a retained message sent on subscribe)
 */
public record StoredMessage(long sequence, String topic, byte[] payload, boolean retain) {
    public StoredMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }
}
