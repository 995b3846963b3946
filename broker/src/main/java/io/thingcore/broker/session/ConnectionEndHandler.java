package io.thingcore.broker.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.util.ReferenceCountUtil;
import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.pipeline.BrokerServices;
import io.thingcore.broker.pipeline.DisconnectReason;
import io.thingcore.broker.pipeline.Disconnector;
import io.thingcore.broker.routing.Message;
import io.thingcore.logtext.LogText;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the session stage ({@link SessionStage} calls it with its context): a packet no packet handler took is a
 * protocol error (a second CONNECT, MQTT
 * 3.1.1 section 3.1.0-2; the QoS 2 flow, which AWS IoT does not support and no {@code Semantics} allows; a packet
 * before CONNECT); and when the channel closes, the connection ends here: keep-alive timer stopped, session detach,
 * will, {@code disconnected} lifecycle event. Stateless and shared; runs on the channel's event loop.
 */
final class ConnectionEndHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionEndHandler.class);

    private final BrokerServices services;

    ConnectionEndHandler(BrokerServices services) {
        this.services = services;
    }

    /** Refuses a packet that no packet handler took, and releases it. */
    void refuse(ChannelHandlerContext ctx, Object msg) {
        try {
            Connection connection = ctx.channel().attr(Connection.KEY).get();
            if (connection == null || !(msg instanceof MqttMessage message)) {
                services.disconnector()
                        .disconnect(ctx.channel(), DisconnectReason.CLIENT_ERROR, "packet before CONNECT");
                return;
            }
            connection.packetReceived();
            String detail = switch (message.fixedHeader().messageType()) {
                case CONNECT -> "second CONNECT";
                case PUBREC, PUBREL, PUBCOMP -> "QoS 2 flow is not supported";
                default -> "unexpected " + message.fixedHeader().messageType();
            };
            services.disconnector()
                    .disconnect(
                            ctx.channel(),
                            DisconnectReason.CLIENT_ERROR,
                            MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                            detail);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * Why a client is closed for silence, for the disconnector's warning. A client that asked for keep-alive 0 gets
     * the keep-alive AWS IoT applies (1200 s) unless {@code --keep-alive-zero} says otherwise; Silicon Labs Matter DIC
     * firmware connects with keep-alive 0, sends nothing while its state does not change, and never reconnects after
     * a close (connectedhomeip src/dic.cpp: {@code end_loop} is set on close and never reset), so the line says how to
     * keep such clients.
     */
    static String keepAliveTimeout(Connection connection) {
        int requested = connection.requestedKeepAlive();
        int applied = connection.appliedKeepAlive();
        String detail = "no packet for " + connection.silence().toSeconds() + " s; keep-alive requested " + requested
                + " s, applied " + applied + " s: closed after 1.5 x the applied keep-alive";
        if (requested == 0) {
            detail += (applied == BrokerConfig.AWS_KEEP_ALIVE_ZERO_SECONDS
                            ? "; keep-alive 0 means 1200 s here, as on AWS IoT"
                            : "; keep-alive 0 means " + applied + " s here (--keep-alive-zero; AWS IoT: 1200 s)")
                    + "; DIC firmware never reconnects after such a close and stays offline until it restarts:"
                    + " --keep-alive-zero never keeps these clients connected";
        }
        return detail;
    }

    void channelInactive(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        Connection connection = channel.attr(Connection.KEY).get();
        if (connection != null) {
            connection.stopKeepAlive();
            Session session = connection.session();
            services.presence()
                    .disconnected(
                            connection.clientId(),
                            connection.connected(),
                            session == null ? Duration.ZERO : Duration.ofSeconds(session.expirySeconds()));
        }
        if (connection != null && connection.connected()) {
            DisconnectReason reason = Disconnector.reasonOf(channel);
            services.connections().remove(connection);
            services.sessions().closed(connection);
            Message will = connection.will();
            if (will != null && (reason.publishesWill() || connection.keepWill())) {
                services.router().publish(will);
            }
            services.events()
                    .disconnected(
                            connection.lifecycle(),
                            reason.name(),
                            reason == DisconnectReason.CLIENT_INITIATED_DISCONNECT);
            LOG.info("client '{}' disconnected: {}", LogText.of(connection.clientId()), reason);
        }
        ctx.fireChannelInactive();
    }
}
