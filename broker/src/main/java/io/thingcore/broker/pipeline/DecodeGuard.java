package io.thingcore.broker.pipeline;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.util.ReferenceCountUtil;

/**
 * Turns a failed decode into a disconnect (docs/architecture.md, the broker's pipeline): a malformed packet, a packet
 * over the size limit, an unsupported protocol level. Netty's {@code MqttDecoder} discards everything after a failure,
 * so nothing else arrives from that connection. Not a pipeline entry of its own: the CONNECT stage and the session
 * stage ask it first about every message they read, which spares every connection a handler context for its life
 * and every packet one hop (issue 14).
 */
public final class DecodeGuard {
    private DecodeGuard() {}

    /**
     * Whether {@code msg} is a message Netty's decoder failed on; if so it has been released and the connection is
     * being closed (answered first with CONNACK 0x01 for an unacceptable protocol level). Called on the channel's
     * event loop.
     */
    public static boolean refused(ChannelHandlerContext ctx, Object msg, Disconnector disconnector) {
        if (!(msg instanceof MqttMessage message) || message.decoderResult().isSuccess()) {
            return false;
        }
        Throwable cause = message.decoderResult().cause();
        ReferenceCountUtil.release(msg);
        MqttFixedHeader header = message.fixedHeader();
        if (cause instanceof MqttUnacceptableProtocolVersionException) {
            // MQTT 3.1.1 3.1.2-2: answer CONNACK 0x01 and close; MQTT 3.1 and unknown levels are not supported.
            MqttConnAckMessage refusal = MqttMessageBuilders.connAck()
                    .returnCode(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION)
                    .build();
            ctx.channel().attr(Disconnector.REASON).setIfAbsent(DisconnectReason.CLIENT_ERROR);
            ctx.channel().writeAndFlush(refusal).addListener(f -> ctx.channel().close());
            return true;
        }
        boolean tooLong = cause instanceof TooLongFrameException;
        String what = header == null || header.messageType() == null
                ? "packet"
                : header.messageType() == MqttMessageType.CONNECT
                        ? "CONNECT"
                        : header.messageType().name();
        // MQTT 5.0 section 3.14.2.1: 0x95 for a packet over the Maximum Packet Size, 0x81 for any other decode failure.
        disconnector.disconnect(
                ctx.channel(),
                DisconnectReason.CLIENT_ERROR,
                tooLong ? MqttReasonCodes.Disconnect.PACKET_TOO_LARGE : MqttReasonCodes.Disconnect.MALFORMED_PACKET,
                "undecodable " + what + ": " + cause);
        return true;
    }
}
