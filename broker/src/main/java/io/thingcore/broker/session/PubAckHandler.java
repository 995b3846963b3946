package io.thingcore.broker.session;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.thingcore.broker.pipeline.BrokerServices;

/**
 * PUBACK from the client for a QoS 1 delivery: frees its slot in the session's in-flight window, which sends what
 * waits (MQTT 3.1.1 section 4.3.2).
 */
public final class PubAckHandler extends PacketHandler<MqttMessage> {
    public PubAckHandler(BrokerServices services) {
        super(services, MqttMessageType.PUBACK);
    }

    @Override
    void handle(Connection c, MqttMessage packet) {
        c.boundSession().acknowledge(packetId(packet));
    }

    private static int packetId(MqttMessage message) {
        Object header = message.variableHeader();
        if (header instanceof MqttMessageIdVariableHeader id) {
            return id.messageId();
        }
        if (header instanceof MqttMessageIdAndPropertiesVariableHeader id) {
            return id.messageId();
        }
        return -1;
    }
}
