package io.thingcore.broker.session;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.thingcore.broker.pipeline.BrokerServices;

/**
 * DISCONNECT from the client: the will is discarded (MQTT 3.1.1 section 3.14.4) unless an MQTT 5 client asks for
 * it with reason 0x04 "Disconnect with Will Message" (MQTT 5.0 section 3.14.2.1); the connection closes and
 * {@link ConnectionEndHandler} ends it.
 */
public final class DisconnectHandler extends PacketHandler<MqttMessage> {
    public DisconnectHandler(BrokerServices services) {
        super(services, MqttMessageType.DISCONNECT);
    }

    @Override
    void handle(Connection c, MqttMessage packet) {
        boolean sendWill = c.version() == MqttVersion.MQTT_5
                && packet.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h
                && h.reasonCode() == MqttReasonCodes.Disconnect.DISCONNECT_WITH_WILL_MESSAGE.byteValue();
        services.disconnector().clientDisconnected(c.channel(), sendWill);
    }
}
