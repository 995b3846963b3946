package io.thingcore.broker.session;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;

/** The MQTT 5 PUBLISH properties a broker forwards to subscribers (MQTT 5.0 3.3.2.3). */
public final class ForwardedProperties {
    private ForwardedProperties() {}

    /**
     * A new property set with what the receiver must see: payload format, message expiry, content type, response
     * topic, correlation data and user properties; never the publisher's topic alias or subscription identifiers.
     * Returns null when nothing is forwarded. The result is never mutated afterwards, so event loops may share it.
     */
    public static MqttProperties of(MqttProperties in) {
        if (in == null || in.isEmpty()) {
            return null;
        }
        MqttProperties out = new MqttProperties();
        for (MqttProperties.MqttProperty<?> p : in.listAll()) {
            int id = p.propertyId();
            if (id == MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value()
                    || id == MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value()
                    || id == MqttPropertyType.CONTENT_TYPE.value()
                    || id == MqttPropertyType.RESPONSE_TOPIC.value()
                    || id == MqttPropertyType.CORRELATION_DATA.value()
                    || id == MqttPropertyType.USER_PROPERTY.value()) {
                out.add(p);
            }
        }
        return out.isEmpty() ? null : out;
    }
}
