package io.thingcore.broker.session;

import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.thingcore.broker.pipeline.BrokerServices;
import io.thingcore.broker.pipeline.DisconnectReason;

/**
 * UNSUBSCRIBE: removes each filter from the session and the trie and answers UNSUBACK, with reason 0x11 "No
 * subscription existed" per filter the session did not hold (MQTT 5.0 section 3.11.3); publishes AWS IoT's
 * {@code unsubscribed} lifecycle event (AWS IoT Core developer guide, "Lifecycle events"). An UNSUBSCRIBE without a
 * filter closes the connection.
 */
public final class UnsubscribeHandler extends PacketHandler<MqttUnsubscribeMessage> {
    public UnsubscribeHandler(BrokerServices services) {
        super(services, MqttMessageType.UNSUBSCRIBE);
    }

    @Override
    void handle(Connection c, MqttUnsubscribeMessage msg) {
        if (msg.payload().topics().isEmpty()) {
            // MQTT 3.1.1 [MQTT-3.10.3-2]: at least one filter, or it is a protocol violation (close, section 4.8);
            // MQTT 5.0 section 3.10.3: an UNSUBSCRIBE with no payload is a Protocol Error (DISCONNECT 0x82).
            services.disconnector()
                    .disconnect(c.channel(), DisconnectReason.CLIENT_ERROR, "UNSUBSCRIBE without a topic filter");
            return;
        }
        Session session = c.boundSession();
        int packetId = msg.variableHeader().messageId();
        var ack = MqttMessageBuilders.unsubAck().packetId(packetId);
        boolean removedAny = false;
        for (String filter : msg.payload().topics()) {
            boolean existed = session.removeSubscription(filter);
            if (existed) {
                services.router().tree().unsubscribe(filter, session);
                removedAny = true;
            }
            MqttReasonCodes.UnsubAck code =
                    existed ? MqttReasonCodes.UnsubAck.SUCCESS : MqttReasonCodes.UnsubAck.NO_SUBSCRIPTION_EXISTED;
            ack.addReasonCode((short) Byte.toUnsignedInt(code.byteValue()));
        }
        if (removedAny && session.stored()) {
            // As a SUBACK (SubscribeHandler): a stored session's UNSUBACK waits until the store no longer has the
            // subscriptions, so a restart cannot bring back one the client was told is gone.
            c.ackWhen(ack.build(), services.sessions().writer().durable(), failure -> {
                services.disconnector()
                        .disconnect(
                                c.channel(),
                                DisconnectReason.SERVER_ERROR,
                                "session store failed: UNSUBSCRIBE " + packetId + " not acknowledged");
                return null;
            });
        } else {
            c.send(ack.build());
        }
        services.events().unsubscribed(c.lifecycle(), msg.payload().topics());
    }
}
