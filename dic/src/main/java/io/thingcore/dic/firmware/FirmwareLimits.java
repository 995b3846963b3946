package io.thingcore.dic.firmware;

import io.thingcore.dic.DicException;
import java.nio.charset.StandardCharsets;

/**
 * The sizes the firmware's buffers hold, checked before anything is created or written. The DIC task copies each value
 * with its NUL into a stack buffer of a fixed size ({@code DIC_HOSTNAME_LENGTH} 55, {@code DIC_CLIENTID_LENGTH} 30,
 * {@code DIC_*_CERT_LENGTH} 1212 in matter_sdk {@code include/dic_config.h} @cf7a7bca; {@code MATTER_AWS_*_LENGTH}
 * 1210 / 1245 / 1800 in {@code MatterAwsConfig.h} @0081ff65), and the DIC accessors' bounds check
 * ({@code buf == NULL && buf_len < *bufSize}, {@code src/dic_nvm_cert.cpp} @cf7a7bca) never refuses a longer value: it
 * would overflow the device's stack. Refusing here is the only protection.
 */
public final class FirmwareLimits {
    private FirmwareLimits() {}

    /** Refuses a client ID or host the firmware cannot hold, naming the limit. */
    public static void checkNames(Firmware firmware, String clientId, String host) {
        String prefix = firmware == Firmware.MATTER_AWS ? "MATTER_AWS_" : "DIC_";
        int clientIdBytes = clientId.getBytes(StandardCharsets.UTF_8).length;
        if (clientIdBytes > Firmware.MAX_CLIENT_ID) {
            throw new DicException("the client ID (thing name) \"" + clientId + "\" is " + clientIdBytes
                    + " characters; the DIC firmware holds at most " + Firmware.MAX_CLIENT_ID
                    + " (" + prefix + "CLIENTID_LENGTH 30 with the NUL): choose a shorter --thing");
        }
        int hostBytes = host.getBytes(StandardCharsets.UTF_8).length;
        if (hostBytes > Firmware.MAX_HOST) {
            throw new DicException("the server host \"" + host + "\" is " + hostBytes
                    + " characters; the DIC firmware holds at most " + Firmware.MAX_HOST
                    + " (" + prefix + "HOSTNAME_LENGTH 55 with the NUL): give a shorter name or an IP address with"
                    + " --device-host");
        }
    }

    /** Refuses any value of {@code config} that {@code firmware} cannot hold, naming the limit. */
    public static void check(Firmware firmware, DeviceConfig config) {
        checkNames(firmware, config.clientId(), config.host());
        checkPem(firmware, "server CA certificate", config.caCertificatePem(), firmware.maxCaPem(), "CA_CERT");
        checkPem(
                firmware,
                "device certificate",
                config.deviceCertificatePem(),
                firmware.maxDeviceCertificatePem(),
                "DEV_CERT");
        checkPem(firmware, "device key", config.deviceKeyPem(), firmware.maxDeviceKeyPem(), "DEV_KEY");
    }

    private static void checkPem(Firmware firmware, String what, String pem, int max, String macro) {
        int bytes = pem.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > max) {
            String prefix = firmware == Firmware.MATTER_AWS ? "MATTER_AWS_" : "DIC_";
            throw new DicException("the " + what + " PEM is " + bytes + " bytes; the " + firmware.label()
                    + " firmware holds at most " + max + " (" + prefix + macro + "_LENGTH " + (max + 1)
                    + " with the NUL)" + hint(what));
        }
    }

    private static String hint(String what) {
        return what.startsWith("server")
                ? ": give the gateway an EC P-256 server certificate (its default) instead of --server-cert"
                : ": use an EC P-256 key and a short subject (thingcore certs makes such certificates)";
    }
}
