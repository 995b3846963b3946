package io.thingcore.dic.firmware;

import java.util.Objects;

/**
 * What a DIC board is configured with: the values thingcore writes into the firmware's files and reads back from them
 * (as the simulator does).
 *
 * @param host the MQTT server the board dials ({@code DIC_SERVER_HOST} / {@code MATTER_AWS_SERVER_HOST})
 * @param port the MQTT over TLS port
 * @param clientId the MQTT client ID = the thing name
 * @param caCertificatePem the server CA the board trusts ({@code ca_certificate})
 * @param deviceCertificatePem the device certificate ({@code device_certificate})
 * @param deviceKeyPem the device's private key ({@code device_key})
 */
public record DeviceConfig(
        String host,
        int port,
        String clientId,
        String caCertificatePem,
        String deviceCertificatePem,
        String deviceKeyPem) {

    public DeviceConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(caCertificatePem, "caCertificatePem");
        Objects.requireNonNull(deviceCertificatePem, "deviceCertificatePem");
        Objects.requireNonNull(deviceKeyPem, "deviceKeyPem");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
    }
}
