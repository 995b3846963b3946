package io.thingcore.broker.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.util.ReferenceCountUtil;
import io.thingcore.broker.pipeline.BrokerServices;

/**
 * The session stage's handlers, one per packet type (the shape of mosquitto's {@code handle_publish.c},
 * {@code handle_subscribe.c}, ...): each takes the packets of its type from a connected client and passes every
 * other packet on. A packet that arrives without a {@link Connection} on the channel goes on untouched, to
 * {@link ConnectionEndHandler}, which refuses it. The handler releases the packet after {@link #handle}.
 *
 * <p>Stateless and shared by every connection: the connection's state is its {@link Connection}. Runs on the
 * channel's event loop.
 *
 * @param <T> the packet's class as the decoder makes it
 */
abstract class PacketHandler<T extends MqttMessage> extends ChannelInboundHandlerAdapter {
    final BrokerServices services;
    private final MqttMessageType type;

    PacketHandler(BrokerServices services, MqttMessageType type) {
        this.services = services;
        this.type = type;
    }

    @Override
    public final boolean isSharable() {
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        Connection connection;
        if (!(msg instanceof MqttMessage message)
                || message.fixedHeader().messageType() != type
                || (connection = ctx.channel().attr(Connection.KEY).get()) == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        connection.packetReceived();
        try {
            handle(connection, (T) message);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Handles one packet of this handler's type; the caller releases it. */
    abstract void handle(Connection connection, T packet);
}
