package io.thingcore.broker.session;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.thingcore.broker.pipeline.BrokerServices;
import io.thingcore.broker.pipeline.DecodeGuard;
import io.thingcore.broker.pipeline.Disconnector;
import io.thingcore.broker.pipeline.ExceptionDisconnects;
import org.jspecify.annotations.Nullable;

/**
 * The session stage of the pipeline, one handler for every packet of a connected client: each packet type that the
 * stage takes goes to its {@link PacketHandler} (PUBLISH, PUBACK, SUBSCRIBE, UNSUBSCRIBE, PINGREQ, DISCONNECT), any
 * other packet, a packet before CONNECT and the end of the channel to {@link ConnectionEndHandler}; a failed decode to
 * {@link DecodeGuard}. It is the pipeline's last handler, so every exception of the connection ends here
 * ({@link ExceptionDisconnects}).
 *
 * <p>One pipeline entry rather than one per packet type: each entry costs every connection a Netty handler context
 * for as long as it lives, and seven of them were 0.4 KB of an idle connection's heap (issue 14); the decode guard and
 * the exception handler were two more. Stateless and
 * shared by every connection; runs on the channel's event loop.
 */
@ChannelHandler.Sharable
public final class SessionStage extends ChannelInboundHandlerAdapter {
    /** The packet handlers by MQTT packet type value (MQTT 3.1.1 section 2.2.1, MQTT 5.0 section 2.1.2). */
    private final @Nullable PacketHandler<?>[] handlers = new PacketHandler<?>[16];

    private final ConnectionEndHandler end;
    private final Disconnector disconnector;
    private final ExceptionDisconnects exceptions;

    public SessionStage(BrokerServices services) {
        for (PacketHandler<?> handler : new PacketHandler<?>[] {
            new PublishHandler(services),
            new PubAckHandler(services),
            new SubscribeHandler(services),
            new UnsubscribeHandler(services),
            new PingHandler(services),
            new DisconnectHandler(services)
        }) {
            handlers[handler.type().value()] = handler;
        }
        this.end = new ConnectionEndHandler(services);
        this.disconnector = services.disconnector();
        this.exceptions = new ExceptionDisconnects(services.disconnector());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (DecodeGuard.refused(ctx, msg, disconnector)) {
            return;
        }
        if (msg instanceof MqttMessage message) {
            PacketHandler<?> handler =
                    handlers[message.fixedHeader().messageType().value()];
            Connection connection;
            if (handler != null
                    && (connection = ctx.channel().attr(Connection.KEY).get()) != null) {
                handler.read(connection, message);
                return;
            }
        }
        end.refuse(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end.channelInactive(ctx);
    }

    /** The pipeline's last handler: every exception of the connection, from any stage, ends here. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        exceptions.disconnect(ctx, cause);
    }
}
