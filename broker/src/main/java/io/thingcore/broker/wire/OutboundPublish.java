package io.thingcore.broker.wire;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.jspecify.annotations.Nullable;

/**
 * A PUBLISH on its way to a subscriber: Netty's message, for every handler and test that reads one, which also
 * carries its message's shared {@link PublishHeads} and the subscriber's protocol level for {@link PublishEncoder}.
 * Its payload must be the message's payload, which the heads' remaining length counts.
 */
public final class OutboundPublish extends MqttPublishMessage {
    private final PublishHeads heads;
    private final boolean mqtt5;

    public OutboundPublish(
            MqttFixedHeader fixedHeader,
            MqttPublishVariableHeader variableHeader,
            ByteBuf payload,
            PublishHeads heads,
            MqttVersion version) {
        super(fixedHeader, variableHeader, payload);
        this.heads = heads;
        this.mqtt5 = version == MqttVersion.MQTT_5;
    }

    /** The shared head this delivery is written with, or null when Netty's encoder is to write it. */
    PublishHeads.@Nullable Head head() {
        return heads.head(mqtt5, fixedHeader().qosLevel().value());
    }
}
