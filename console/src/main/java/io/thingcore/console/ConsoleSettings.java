package io.thingcore.console;

import java.util.Objects;

/**
 * What the Settings page shows that the API does not: the MQTT listener and the server CA that devices and MQTT
 * Explorer must trust (the data endpoint itself comes from DescribeEndpoint, like on AWS).
 *
 * @param accessKeyId the gateway's access key ID, the console's sign-in name
 * @param secretAccessKey its secret
 * @param region the emulated region
 * @param accountId the emulated account
 * @param mqttHost the host name devices connect to (and send as SNI)
 * @param mqttPort the MQTT over TLS port
 * @param serverCaPem the gateway's server CA, PEM
 */
public record ConsoleSettings(
        String accessKeyId,
        String secretAccessKey,
        String region,
        String accountId,
        String mqttHost,
        int mqttPort,
        String serverCaPem) {
    public ConsoleSettings {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(serverCaPem, "serverCaPem");
    }

    @Override
    public String toString() {
        return "ConsoleSettings[accessKeyId=" + accessKeyId + ", secretAccessKey=***, region=" + region + "]";
    }
}
