package io.thingcore.broker.pipeline;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.thingcore.broker.logging.PacedLog;
import io.thingcore.broker.session.Connection;
import io.thingcore.logtext.LogText;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the server closes a connection (docs/architecture.md, the broker's pipeline): records the reason on the
 * channel (first reason wins), writes one log line, sends an MQTT 5 DISCONNECT with the reason code where the client
 * has a session, and closes. What happens after the close (will, session detach, events) is done by the session stage's
 * {@code channelInactive}, which reads the recorded reason. Callable from any thread.
 */
public final class Disconnector {
    private static final Logger LOG = LoggerFactory.getLogger(Disconnector.class);

    /**
     * One kind per reason: a flood of one kind of closing cannot crowd out the others (docs/security.md). One pace
     * per broker, so that one broker's flood does not silence another's lines in the same JVM.
     */
    private final PacedLog paced = new PacedLog(LOG);

    /** The reason the channel was closed for; absent when the peer went away on its own. */
    public static final AttributeKey<DisconnectReason> REASON =
            AttributeKey.valueOf(Disconnector.class, "disconnectReason");

    public void disconnect(Channel channel, DisconnectReason reason, String detail) {
        disconnect(channel, reason, reason.mqtt5Code(), detail);
    }

    /**
     * As {@link #disconnect(Channel, DisconnectReason, String)} with a specific MQTT 5 reason code (null: no
     * DISCONNECT is sent).
     */
    public void disconnect(
            Channel channel, DisconnectReason reason, MqttReasonCodes.@Nullable Disconnect mqtt5Code, String detail) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> disconnect(channel, reason, mqtt5Code, detail));
            return;
        }
        if (channel.attr(REASON).setIfAbsent(reason) != null || !channel.isOpen()) {
            return;
        }
        Connection connection = channel.attr(Connection.KEY).get();
        String who = connection == null ? "" : " client '" + LogText.of(connection.clientId()) + "'";
        // A keep-alive timeout is a warning: an operator wants to know that a device went silent (and whether it
        // will come back), not only that a connection ended.
        if (reason == DisconnectReason.SERVER_ERROR || reason == DisconnectReason.MQTT_KEEP_ALIVE_TIMEOUT) {
            paced.warn(
                    reason.name(), "closing {}{}: {} ({})", channel.remoteAddress(), who, reason, LogText.line(detail));
        } else {
            paced.info(
                    reason.name(), "closing {}{}: {} ({})", channel.remoteAddress(), who, reason, LogText.line(detail));
        }
        if (connection != null
                && connection.connected()
                && connection.version() == MqttVersion.MQTT_5
                && mqtt5Code != null) {
            channel.writeAndFlush(MqttMessageBuilders.disconnect()
                            .reasonCode(mqtt5Code.byteValue())
                            .build())
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    /**
     * Records a client DISCONNECT (no will: MQTT 3.1.1 section 3.1.2.5, [MQTT-3.1.2-8]) and closes; logged at debug.
     */
    public void clientDisconnected(Channel channel, boolean sendWill) {
        DisconnectReason reason = DisconnectReason.CLIENT_INITIATED_DISCONNECT;
        if (channel.attr(REASON).setIfAbsent(reason) == null) {
            Connection connection = channel.attr(Connection.KEY).get();
            if (connection != null && sendWill) {
                connection.keepWillOnClientDisconnect();
            }
            LOG.debug(
                    "client {} disconnected",
                    LogText.of(connection == null ? channel.remoteAddress() : connection.clientId()));
        }
        channel.close();
    }

    /** The reason recorded for {@code channel}, or {@link DisconnectReason#CONNECTION_LOST}. */
    public static DisconnectReason reasonOf(Channel channel) {
        DisconnectReason reason = channel.attr(REASON).get();
        return reason == null ? DisconnectReason.CONNECTION_LOST : reason;
    }
}
