package io.thingcore.broker.pipeline;

import io.netty.handler.codec.mqtt.MqttReasonCodes;
import org.jspecify.annotations.Nullable;

/**
 * Why a connection ended: AWS's {@code disconnectReason} values (AWS IoT Developer Guide, "Lifecycle events") with the
 * MQTT 5 DISCONNECT reason code the server sends for it (MQTT 5.0 section 3.14.2.1; null: none is sent).
 */
public enum DisconnectReason {
    API_INITIATED_DISCONNECT(MqttReasonCodes.Disconnect.ADMINISTRATIVE_ACTION),
    AUTH_ERROR(MqttReasonCodes.Disconnect.NOT_AUTHORIZED),
    CLIENT_INITIATED_DISCONNECT(null),
    CLIENT_ERROR(MqttReasonCodes.Disconnect.PROTOCOL_ERROR),
    CONNECTION_LOST(null),
    DUPLICATE_CLIENTID(MqttReasonCodes.Disconnect.SESSION_TAKEN_OVER),
    FORBIDDEN_ACCESS(MqttReasonCodes.Disconnect.NOT_AUTHORIZED),
    MQTT_KEEP_ALIVE_TIMEOUT(MqttReasonCodes.Disconnect.KEEP_ALIVE_TIMEOUT),
    SERVER_ERROR(MqttReasonCodes.Disconnect.IMPLEMENTATION_SPECIFIC_ERROR),
    SERVER_INITIATED_DISCONNECT(MqttReasonCodes.Disconnect.SERVER_SHUTTING_DOWN),
    THROTTLED(MqttReasonCodes.Disconnect.SERVER_BUSY);

    private final MqttReasonCodes.@Nullable Disconnect mqtt5Code;

    DisconnectReason(MqttReasonCodes.@Nullable Disconnect mqtt5Code) {
        this.mqtt5Code = mqtt5Code;
    }

    /** The MQTT 5 DISCONNECT reason code for this reason; null when the server sends no DISCONNECT. */
    public MqttReasonCodes.@Nullable Disconnect mqtt5Code() {
        return mqtt5Code;
    }

    /**
     * Whether the will message is published (every reason but a client DISCONNECT: AWS IoT Developer Guide, "Lifecycle
     * events" and "MQTT").
     */
    public boolean publishesWill() {
        return this != CLIENT_INITIATED_DISCONNECT;
    }
}
