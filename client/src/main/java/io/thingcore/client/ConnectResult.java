package io.thingcore.client;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;

/**
 * The server's CONNACK (MQTT 3.1.1 section 3.2).
 *
 * @param returnCode the return code
 * @param sessionPresent whether the server resumed a stored session
 */
public record ConnectResult(MqttConnectReturnCode returnCode, boolean sessionPresent) {
    public boolean accepted() {
        return returnCode == MqttConnectReturnCode.CONNECTION_ACCEPTED;
    }
}
