package io.thingcore.broker.session;

import io.netty.handler.codec.mqtt.MqttProperties;
import org.jspecify.annotations.Nullable;

/**
 * What an MQTT 5 client said in its CONNECT that it can take from the server, which the server must respect for the
 * life of the connection:
 *
 * <ul>
 *   <li>Receive Maximum (MQTT 5.0 section 3.1.2.11.3): at most this many QoS 1 PUBLISH packets unacknowledged at a
 *       time [MQTT-3.3.4-9]; 65,535 when absent.
 *   <li>Maximum Packet Size (section 3.1.2.11.4): no packet larger than this many bytes [MQTT-3.1.2-24]; a PUBLISH
 *       that would be is discarded as if it had been sent [MQTT-3.1.2-25]; no limit but the protocol's when absent.
 * </ul>
 *
 * An MQTT 3.1.1 client has neither property and gets {@link #NONE}.
 *
 * @param receiveMaximum 1 to 65,535
 * @param maximumPacketBytes 1 to 4,294,967,295, or {@link Long#MAX_VALUE} for no limit
 */
public record ClientLimits(int receiveMaximum, long maximumPacketBytes) {
    /** Receive Maximum when the client sends none (MQTT 5.0 section 3.1.2.11.3). */
    static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;

    /** The limits of a client that announced none. */
    public static final ClientLimits NONE = new ClientLimits(DEFAULT_RECEIVE_MAXIMUM, Long.MAX_VALUE);

    /**
     * Why the CONNECT properties {@code connect} are a Protocol Error, or null if they are not: Receive Maximum 0
     * (MQTT 5.0 section 3.1.2.11.3) or Maximum Packet Size 0 (section 3.1.2.11.4). (Either property sent twice is a
     * Protocol Error too, which Netty's decoder does not report: it keeps the last.)
     */
    public static @Nullable String problem(MqttProperties connect) {
        if (receiveMaximum(connect) == 0) {
            return "Receive Maximum 0 (MQTT 5.0 section 3.1.2.11.3)";
        }
        if (maximumPacketBytes(connect) == 0) {
            return "Maximum Packet Size 0 (MQTT 5.0 section 3.1.2.11.4)";
        }
        return null;
    }

    /** The limits in the CONNECT properties {@code connect}, which {@link #problem} found none wrong in. */
    public static ClientLimits of(MqttProperties connect) {
        int receiveMaximum = receiveMaximum(connect);
        long maximumPacketBytes = maximumPacketBytes(connect);
        if (receiveMaximum == DEFAULT_RECEIVE_MAXIMUM && maximumPacketBytes == Long.MAX_VALUE) {
            return NONE;
        }
        return new ClientLimits(receiveMaximum, maximumPacketBytes);
    }

    /** Whether a packet of {@code bytes} may be sent to this client. */
    public boolean fits(long bytes) {
        return bytes <= maximumPacketBytes;
    }

    /** Whether this client announced a Maximum Packet Size. */
    public boolean limitsPacketSize() {
        return maximumPacketBytes != Long.MAX_VALUE;
    }

    private static int receiveMaximum(MqttProperties connect) {
        MqttProperties.MqttProperty<?> p = connect.getProperty(MqttProperties.RECEIVE_MAXIMUM);
        // A Two Byte Integer (MQTT 5.0 section 1.5.2): Netty hands it over as an int of 0 to 65,535.
        return p == null ? DEFAULT_RECEIVE_MAXIMUM : (Integer) p.value();
    }

    private static long maximumPacketBytes(MqttProperties connect) {
        MqttProperties.MqttProperty<?> p = connect.getProperty(MqttProperties.MAXIMUM_PACKET_SIZE);
        // A Four Byte Integer (section 1.5.3), unsigned: Netty's int is negative above 2^31 - 1.
        return p == null ? Long.MAX_VALUE : Integer.toUnsignedLong((Integer) p.value());
    }
}
