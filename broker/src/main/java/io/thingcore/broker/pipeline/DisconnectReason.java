package io.thingcore.broker.pipeline;

/**
 * Why a connection ended: AWS's {@code disconnectReason} values (AWS IoT Developer Guide, "Lifecycle events") with the
 * MQTT 5 DISCONNECT reason code the server sends for it (-1: none is sent).
 */
public enum DisconnectReason {
    API_INITIATED_DISCONNECT(0x98),
    AUTH_ERROR(0x87),
    CLIENT_INITIATED_DISCONNECT(-1),
    CLIENT_ERROR(0x82),
    CONNECTION_LOST(-1),
    DUPLICATE_CLIENTID(0x8E),
    FORBIDDEN_ACCESS(0x87),
    MQTT_KEEP_ALIVE_TIMEOUT(0x8D),
    SERVER_ERROR(0x83),
    SERVER_INITIATED_DISCONNECT(0x8B),
    THROTTLED(0x89);

    private final int mqtt5Code;

    DisconnectReason(int mqtt5Code) {
        this.mqtt5Code = mqtt5Code;
    }

    public int mqtt5Code() {
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
