package io.thingcore.broker.session;

import io.netty.handler.codec.mqtt.MqttProperties;
import org.jspecify.annotations.Nullable;

/** The MQTT 5 PUBLISH properties a broker forwards to subscribers (MQTT 5.0 3.3.2.3). */
public final class ForwardedProperties {
    private ForwardedProperties() {}

    /**
     * A new property set with what the receiver must see: payload format, message expiry, content type, response
     * topic, correlation data and user properties; never the publisher's topic alias or subscription identifiers.
     * Returns null when nothing is forwarded. The result is never mutated afterwards, so event loops may share it.
     */
    public static @Nullable MqttProperties of(@Nullable MqttProperties in) {
        if (in == null || in.isEmpty()) {
            return null;
        }
        MqttProperties out = new MqttProperties();
        for (MqttProperties.MqttProperty<?> p : in.listAll()) {
            int id = p.propertyId();
            if (id == MqttProperties.PAYLOAD_FORMAT_INDICATOR
                    || id == MqttProperties.PUBLICATION_EXPIRY_INTERVAL
                    || id == MqttProperties.CONTENT_TYPE
                    || id == MqttProperties.RESPONSE_TOPIC
                    || id == MqttProperties.CORRELATION_DATA
                    || id == MqttProperties.USER_PROPERTY) {
                out.add(p);
            }
        }
        return out.isEmpty() ? null : out;
    }
}
