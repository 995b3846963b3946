package io.thingcore.client;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * Receives the PUBLISH packets the server delivers. Runs on the client's event loop: it must not block. The payload
 * is valid only during the call and released after it (copy what you keep); a QoS 1 message is acknowledged after
 * the call returns.
 */
@FunctionalInterface
public interface MessageListener {
    /** Ignores every message. */
    MessageListener NONE = (topic, payload, qos, retain) -> {};

    void onMessage(String topic, ByteBuf payload, MqttQoS qos, boolean retain);
}
