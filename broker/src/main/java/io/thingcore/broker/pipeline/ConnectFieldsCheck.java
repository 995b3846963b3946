package io.thingcore.broker.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the first packet's fields against its CONNECT flags before Netty's {@code MqttDecoder} reads it, then removes
 * itself. The decoder reads each field a flag announces (will, user name, password) whether or not the packet holds it,
 * and a {@code ReplayingDecoder} that reads past what arrived waits for more bytes: a CONNECT whose flags announce a
 * missing field would hold the connection until the connect timeout, and a later packet's bytes would be read as that
 * field. Here the whole packet is read first (its Remaining Length is known), so a field that is not there is a
 * malformed packet at once.
 *
 * <p>What closes, at once, without a session: a field announced by the flags that the packet does not hold, or bytes
 * left after the last one (MQTT 3.1.1 section 3.1.3, MQTT 5.0 section 3.1.3: the payload holds exactly the fields the
 * flags announce, in order); an MQTT 3.1.1 CONNECT with the Password Flag but not the User Name Flag, with or without a
 * password ([MQTT-3.1.2-22]; MQTT 5 allows a password alone, section 3.1.2.9). MQTT 3.1.1 closes the network connection
 * (section 4.8); MQTT 5 first gets CONNACK 0x81 "Malformed Packet" (sections 3.1.4 and 4.13.1). Anything else (another
 * packet type, an unknown protocol, a packet over the size limit) is left to the decoder and {@link DecodeGuard}.
 *
 * <p>One instance per connection, on its event loop; it holds at most one packet of the decoder's size limit.
 */
public final class ConnectFieldsCheck extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectFieldsCheck.class);
    private static final int CONNECT = 1;
    private static final int MQTT_3_1_1 = 4;
    private static final int MQTT_5 = 5;

    private final int maxPacketBytes;

    public ConnectFieldsCheck(int maxPacketBytes) {
        this.maxPacketBytes = maxPacketBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        if (!in.isReadable()) {
            return;
        }
        if ((in.getUnsignedByte(start) >> 4) != CONNECT) {
            ctx.pipeline().remove(this);
            return;
        }
        long remaining = 0;
        int multiplier = 1;
        int index = start + 1;
        for (int i = 0; ; i++) {
            if (i == 4) {
                ctx.pipeline().remove(this); // the decoder refuses a Remaining Length of more than 4 bytes
                return;
            }
            if (index >= in.writerIndex()) {
                return;
            }
            int digit = in.getUnsignedByte(index++);
            remaining += (long) (digit & 0x7F) * multiplier;
            multiplier *= 128;
            if ((digit & 0x80) == 0) {
                break;
            }
        }
        if (remaining > maxPacketBytes) {
            ctx.pipeline().remove(this); // over the limit: the decoder's refusal
            return;
        }
        if (in.writerIndex() - index < remaining) {
            return;
        }
        Fields fields = new Fields(in, index, index + (int) remaining);
        String defect = fields.defect();
        if (defect == null) {
            ctx.pipeline().remove(this);
            return;
        }
        in.skipBytes(in.readableBytes());
        LOG.info("closing {}: malformed CONNECT ({})", ctx.channel().remoteAddress(), defect);
        ctx.channel().attr(Disconnector.REASON).setIfAbsent(DisconnectReason.CLIENT_ERROR);
        if (fields.level == MQTT_5) {
            // CONNACK without properties: type, remaining length 3, no session, 0x81, property length 0.
            ByteBuf connAck = Unpooled.wrappedBuffer(
                    new byte[] {0x20, 3, 0, MqttConnectReturnCode.CONNECTION_REFUSED_MALFORMED_PACKET.byteValue(), 0});
            ctx.writeAndFlush(connAck).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    /** Walks a CONNECT's fields from its variable header to its end without reading past it. */
    private static final class Fields {
        private final ByteBuf in;
        private final int end;
        private int at;
        int level;

        Fields(ByteBuf in, int from, int end) {
            this.in = in;
            this.at = from;
            this.end = end;
        }

        /** What is wrong with the packet, or null when every announced field is there and nothing follows. */
        @Nullable
        String defect() {
            if (!lengthPrefixed() || !has(4)) {
                return "variable header cut short";
            }
            level = in.getUnsignedByte(at);
            int flags = in.getUnsignedByte(at + 1);
            at += 4;
            if (level != MQTT_3_1_1 && level != MQTT_5) {
                return null; // the decoder answers unsupported protocol levels
            }
            boolean will = (flags & 0x04) != 0;
            boolean password = (flags & 0x40) != 0;
            boolean userName = (flags & 0x80) != 0;
            if (level == MQTT_3_1_1 && password && !userName) {
                return "Password Flag without User Name Flag [MQTT-3.1.2-22]";
            }
            if (level == MQTT_5 && !properties()) {
                return "properties cut short";
            }
            if (!lengthPrefixed()) {
                return "Client Identifier missing";
            }
            if (will && (level == MQTT_5 && !properties() || !lengthPrefixed() || !lengthPrefixed())) {
                return "Will Flag set, will topic or message missing";
            }
            if (userName && !lengthPrefixed()) {
                return "User Name Flag set, user name missing";
            }
            if (password && !lengthPrefixed()) {
                return "Password Flag set, password missing";
            }
            return at == end ? null : (end - at) + " bytes after the last field the flags announce";
        }

        private boolean has(int n) {
            return end - at >= n;
        }

        /** Skips a two-byte length and that many bytes (MQTT 3.1.1 section 1.5.3, MQTT 5.0 section 1.5.4/1.5.6). */
        private boolean lengthPrefixed() {
            if (!has(2)) {
                return false;
            }
            int length = in.getUnsignedShort(at);
            at += 2;
            if (!has(length)) {
                return false;
            }
            at += length;
            return true;
        }

        /** Skips MQTT 5 properties: a Variable Byte Integer length and that many bytes (MQTT 5.0 section 2.2.2.1). */
        private boolean properties() {
            long length = 0;
            int multiplier = 1;
            for (int i = 0; i < 4; i++) {
                if (!has(1)) {
                    return false;
                }
                int digit = in.getUnsignedByte(at++);
                length += (long) (digit & 0x7F) * multiplier;
                multiplier *= 128;
                if ((digit & 0x80) == 0) {
                    if (!has((int) Math.min(length, Integer.MAX_VALUE))) {
                        return false;
                    }
                    at += (int) length;
                    return true;
                }
            }
            return false;
        }
    }
}
