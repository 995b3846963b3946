package io.thingcore.broker.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttProperties;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The heads of one application message's PUBLISH packets as the broker sends them: everything before the payload,
 * for each protocol level (3.1.1, 5) and QoS (0, 1) a subscriber may get it at, each made on first use.
 *
 * <p>A head is, in order (MQTT 3.1.1 section 3.3 and MQTT 5.0 section 3.3): the fixed header's first byte (packet
 * type 3 and the QoS; DUP and RETAIN differ per delivery and are set by {@link Head#encode}), the remaining length as a
 * variable byte integer (MQTT 3.1.1 section 2.2.3, MQTT 5.0 section 1.5.5), the topic name as a UTF-8 string with its
 * two-byte length (section 1.5.3 of both), two bytes for the packet identifier at QoS 1, and for MQTT 5 the property
 * length 0. A message fanned out to a thousand subscribers thus has its topic encoded once instead of a thousand times,
 * and a delivery costs one copy of the head and one of the payload (issue 14: fan-out).
 *
 * <p>A message with MQTT 5 properties to forward has no MQTT 5 head ({@link #head} returns null): those deliveries are
 * left to Netty's encoder, which writes the properties.
 */
public final class PublishHeads {
    /** Packet type PUBLISH (3) in the fixed header's high nibble. */
    private static final int PUBLISH = 0x30;

    private static final int DUP = 0x08;
    private static final int RETAIN = 0x01;

    /** The largest remaining length a variable byte integer holds: 268,435,455 (MQTT 5.0 section 1.5.5). */
    private static final int MAX_REMAINING_LENGTH = 268_435_455;

    /** The largest UTF-8 string: its length is two bytes (MQTT 5.0 section 1.5.4). */
    private static final int MAX_STRING_BYTES = 65_535;

    private final String topic;
    private final int payloadBytes;
    private final @Nullable MqttProperties properties;
    private final boolean forwardsProperties;

    /**
     * The topic's UTF-8 length and the MQTT 5 properties' length, counted on the first {@link #packetBytes} (-1
     * before). Any thread: a race counts twice, identically, and a long or int is written whole.
     */
    private int topicBytes = -1;

    private long propertyBytes = -1;

    private @Nullable Head mqtt311AtQos0;
    private @Nullable Head mqtt311AtQos1;
    private @Nullable Head mqtt5AtQos0;
    private @Nullable Head mqtt5AtQos1;

    /**
     * @param topic the topic name
     * @param payloadBytes the payload's length
     * @param properties the MQTT 5 properties forwarded with the message, or null
     */
    public PublishHeads(String topic, int payloadBytes, @Nullable MqttProperties properties) {
        this.topic = topic;
        this.payloadBytes = payloadBytes;
        this.properties = properties;
        this.forwardsProperties = properties != null && !properties.isEmpty();
    }

    /**
     * The size in bytes of this message's PUBLISH at {@code qos} (0 or 1) to a client of that protocol level, from
     * the fixed header to the payload's last byte: the "packet size" a client's Maximum Packet Size bounds (MQTT 5.0
     * sections 3.1.2.11.4 and 2.1.4). Counted, not encoded (messages are far below MQTT's largest packet: the broker
     * refuses larger PUBLISH packets on the way in). Any thread.
     */
    public long packetBytes(boolean mqtt5, int qos) {
        int topicLength = topicBytes;
        if (topicLength < 0) {
            topicLength = ByteBufUtil.utf8Bytes(topic);
            topicBytes = topicLength;
        }
        long remaining = 2L + topicLength + (qos > 0 ? 2 : 0) + payloadBytes;
        if (mqtt5) {
            long propertyLength = propertyBytes;
            if (propertyLength < 0) {
                propertyLength = properties == null ? 0 : PropertyBytes.of(properties);
                propertyBytes = propertyLength;
            }
            remaining += variableByteIntegerLength(propertyLength) + propertyLength;
        }
        return 1 + variableByteIntegerLength(remaining) + remaining;
    }

    /** The length of {@code value}, at most 268,435,455, as a variable byte integer (MQTT 5.0 section 1.5.5). */
    static int variableByteIntegerLength(long value) {
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }

    /**
     * The head for a delivery at {@code qos} (0 or 1) to a client of that protocol level, or null where this class
     * does not encode the packet: MQTT 5 with properties to forward, a topic with a wildcard, or a packet over MQTT's
     * limits (then Netty's encoder decides).
     */
    public @Nullable Head head(boolean mqtt5, int qos) {
        if (mqtt5 && forwardsProperties) {
            return null;
        }
        Head head = mqtt5 ? (qos == 0 ? mqtt5AtQos0 : mqtt5AtQos1) : (qos == 0 ? mqtt311AtQos0 : mqtt311AtQos1);
        if (head == null) {
            head = Head.of(topic, payloadBytes, mqtt5, qos);
            if (head == null) {
                return null;
            }
            if (mqtt5) {
                if (qos == 0) {
                    mqtt5AtQos0 = head;
                } else {
                    mqtt5AtQos1 = head;
                }
            } else if (qos == 0) {
                mqtt311AtQos0 = head;
            } else {
                mqtt311AtQos1 = head;
            }
        }
        return head;
    }

    /**
     * One head. Immutable: its final fields make the array's contents visible to every thread that reads the head
     * (JLS 17.5), however the head reached it.
     *
     * @param bytes the head's bytes, the first without DUP and RETAIN, the packet identifier (if any) 0
     * @param packetIdAt the packet identifier's index in {@code bytes}, or -1 at QoS 0
     * @param payloadBytes the payload length the remaining length counts
     */
    public record Head(byte[] bytes, int packetIdAt, int payloadBytes) {
        static @Nullable Head of(String topic, int payloadBytes, boolean mqtt5, int qos) {
            if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
                // Never a topic name (MQTT-3.3.2-2); every path that publishes checks it, and should one not, Netty's
                // encoder refuses the packet as before rather than this one sending it.
                return null;
            }
            byte[] name = topic.getBytes(StandardCharsets.UTF_8);
            if (name.length > MAX_STRING_BYTES) {
                return null;
            }
            int variableHeader = 2 + name.length + (qos > 0 ? 2 : 0) + (mqtt5 ? 1 : 0);
            long remaining = (long) variableHeader + payloadBytes;
            if (remaining > MAX_REMAINING_LENGTH) {
                return null;
            }
            int lengthBytes = variableByteIntegerLength(remaining);
            byte[] bytes = new byte[1 + lengthBytes + variableHeader];
            int i = 0;
            bytes[i++] = (byte) (PUBLISH | qos << 1);
            for (int left = (int) remaining; ; ) {
                int digit = left & 0x7F;
                left >>>= 7;
                bytes[i++] = (byte) (left > 0 ? digit | 0x80 : digit);
                if (left == 0) {
                    break;
                }
            }
            bytes[i++] = (byte) (name.length >>> 8);
            bytes[i++] = (byte) name.length;
            System.arraycopy(name, 0, bytes, i, name.length);
            i += name.length;
            int packetIdAt = -1;
            if (qos > 0) {
                packetIdAt = i;
                i += 2;
            }
            // MQTT 5: the property length, 0 (the last byte, already 0).
            return new Head(bytes, packetIdAt, payloadBytes);
        }

        /**
         * One delivery: this head with {@code dup}, {@code retain} and {@code packetId} (ignored at QoS 0), then the
         * readable bytes of {@code payload} (left untouched; {@link #payloadBytes} of them), in a buffer from
         * {@code alloc}.
         */
        public ByteBuf encode(ByteBufAllocator alloc, boolean dup, boolean retain, int packetId, ByteBuf payload) {
            int payloadLength = payload.readableBytes();
            if (payloadLength != payloadBytes) {
                throw new IllegalArgumentException(
                        "payload of " + payloadLength + " bytes for a head of " + payloadBytes);
            }
            ByteBuf out = alloc.buffer(bytes.length + payloadLength);
            out.writeBytes(bytes);
            out.setByte(0, bytes[0] | (dup ? DUP : 0) | (retain ? RETAIN : 0));
            if (packetIdAt >= 0) {
                out.setShort(packetIdAt, packetId);
            }
            out.writeBytes(payload, payload.readerIndex(), payloadLength);
            return out;
        }
    }
}
