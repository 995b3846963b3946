package io.thingcore.broker.session;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.thingcore.broker.pipeline.BrokerServices;

/** PINGREQ: answers PINGRESP (MQTT 3.1.1 section 3.12.4). The keep-alive timer was reset by the packet itself. */
public final class PingHandler extends PacketHandler<MqttMessage> {
    public PingHandler(BrokerServices services) {
        super(services, MqttMessageType.PINGREQ);
    }

    @Override
    void handle(Connection c, MqttMessage packet) {
        c.send(MqttMessage.PINGRESP);
    }
}
