package io.thingcore.broker.wire;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttProperties;

/**
 * How many bytes a set of MQTT 5 properties takes on the wire, without its property length (MQTT 5.0 section 2.2.2):
 * per property its identifier as a variable byte integer (one byte: every identifier is below 128) and its value, a
 * Byte, Two or Four Byte Integer, Variable Byte Integer, UTF-8 string or binary data with a two-byte length, or for
 * each user property a UTF-8 string pair (section 2.2.2.2's table). Matches what Netty's {@code MqttEncoder} writes
 * for the same properties ({@code PublishEncoderTest}).
 */
final class PropertyBytes {
    private PropertyBytes() {}

    static long of(MqttProperties properties) {
        long bytes = 0;
        for (MqttProperties.MqttProperty<?> property : properties.listAll()) {
            bytes += of(property);
        }
        return bytes;
    }

    private static long of(MqttProperties.MqttProperty<?> property) {
        if (property instanceof MqttProperties.UserProperties users) {
            long bytes = 0;
            for (MqttProperties.StringPair pair : users.value()) {
                bytes += 1 + utf8String(pair.key) + utf8String(pair.value);
            }
            return bytes;
        }
        if (property instanceof MqttProperties.UserProperty user) {
            return 1 + utf8String(user.value().key) + utf8String(user.value().value);
        }
        if (property instanceof MqttProperties.StringProperty string) {
            return 1 + utf8String(string.value());
        }
        if (property instanceof MqttProperties.BinaryProperty binary) {
            return 1 + 2 + binary.value().length;
        }
        if (property instanceof MqttProperties.IntegerProperty integer) {
            return 1 + integerBytes(integer.propertyId(), integer.value());
        }
        throw new IllegalArgumentException("MQTT 5 property " + property.propertyId() + " of an unknown kind");
    }

    /** The width of an integer property's value, by its identifier (MQTT 5.0 section 2.2.2.2). */
    private static int integerBytes(int id, int value) {
        return switch (id) {
            case MqttProperties.PAYLOAD_FORMAT_INDICATOR,
                    MqttProperties.REQUEST_PROBLEM_INFORMATION,
                    MqttProperties.REQUEST_RESPONSE_INFORMATION,
                    MqttProperties.MAXIMUM_QOS,
                    MqttProperties.RETAIN_AVAILABLE,
                    MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE,
                    MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                    MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE -> 1;
            case MqttProperties.SERVER_KEEP_ALIVE,
                    MqttProperties.RECEIVE_MAXIMUM,
                    MqttProperties.TOPIC_ALIAS_MAXIMUM,
                    MqttProperties.TOPIC_ALIAS -> 2;
            case MqttProperties.PUBLICATION_EXPIRY_INTERVAL,
                    MqttProperties.SESSION_EXPIRY_INTERVAL,
                    MqttProperties.WILL_DELAY_INTERVAL,
                    MqttProperties.MAXIMUM_PACKET_SIZE -> 4;
            case MqttProperties.SUBSCRIPTION_IDENTIFIER -> PublishHeads.variableByteIntegerLength(value);
            default -> throw new IllegalArgumentException("MQTT 5 integer property " + id + " is not known");
        };
    }

    private static long utf8String(String s) {
        return 2 + ByteBufUtil.utf8Bytes(s);
    }
}
