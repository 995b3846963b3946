package io.thingcore.broker.session;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.util.ReferenceCountUtil;
import io.thingcore.broker.pipeline.BrokerServices;

/**
 * The session stage's handling of one packet type (the shape of mosquitto's {@code handle_publish.c},
 * {@code handle_subscribe.c}, ...): {@link SessionStage} hands it the packets of its type from a connected client.
 * The packet is released after {@link #handle}.
 *
 * <p>Stateless and shared by every connection: the connection's state is its {@link Connection}. Runs on the
 * channel's event loop.
 *
 * @param <T> the packet's class as the decoder makes it
 */
abstract class PacketHandler<T extends MqttMessage> {
    final BrokerServices services;
    private final MqttMessageType type;

    PacketHandler(BrokerServices services, MqttMessageType type) {
        this.services = services;
        this.type = type;
    }

    /** The packet type this handler takes. */
    final MqttMessageType type() {
        return type;
    }

    /** Records the packet as the connection's latest activity, handles it and releases it. */
    @SuppressWarnings("unchecked")
    final void read(Connection connection, MqttMessage message) {
        connection.packetReceived();
        try {
            handle(connection, (T) message);
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    /** Handles one packet of this handler's type; the caller releases it. */
    abstract void handle(Connection connection, T packet);
}
