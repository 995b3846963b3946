package io.thingcore.dic.firmware;

import io.thingcore.dic.DicException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The generations of Silicon Labs' Matter DIC firmware that thingcore writes configuration files for. Each differs in
 * the files a user edits, the macro names, the credential buffers and whether its TLS transport sends SNI.
 *
 * <ul>
 *   <li>{@link #DIC_V1}: the first DIC example in project-chip/connectedhomeip
 *       ({@code examples/platform/silabs/DIC/matter_abs_interface/include/dic_config.h} @c5b1572, consumed by
 *       {@code src/dic.c} @4e114a30): one header with the macros and the three PEM arrays; publish-only (no
 *       subscription).
 *   <li>{@link #DIC}: the DIC example with cloud control, in connectedhomeip @242e2263, SiliconLabs/matter_extension
 *       @08fe6a70 and SiliconLabsSoftware/matter_sdk @cf7a7bca: {@code include/dic_config.h} plus
 *       {@code src/dic_nvm_cert.cpp}, which defines the PEM arrays and the {@code DICGet*} accessors.
 *   <li>{@link #MATTER_AWS}: "Matter + AWS" in matter_sdk ({@code examples/platform/silabs/matter_aws/
 *       matter_aws_interface/include/MatterAwsConfig.h} @0081ff65, {@code src/MatterAwsNvmCert.cpp} @fe7426e7). Its
 *       transport ({@code third_party/silabs/mqtt/.../MQTT_transport.c} @24a13ee3) calls
 *       {@code mbedtls_ssl_set_hostname}, so it sends SNI and checks the server certificate's host name; the earlier
 *       generations do neither.
 * </ul>
 */
public enum Firmware {
    DIC_V1("dic-v1", false, false, 1_211, 1_211, 1_211),
    DIC("dic", true, false, 1_211, 1_211, 1_211),
    MATTER_AWS("matter-aws", true, true, 1_209, 1_244, 1_799);

    /**
     * Longest host the firmware copies: {@code DIC_HOSTNAME_LENGTH} / {@code MATTER_AWS_HOSTNAME_LENGTH} is 55 bytes,
     * NUL included.
     */
    public static final int MAX_HOST = 54;
    /** Longest client ID: {@code DIC_CLIENTID_LENGTH} / {@code MATTER_AWS_CLIENTID_LENGTH} is 30 bytes with the NUL. */
    public static final int MAX_CLIENT_ID = 29;

    private final String label;
    private final boolean subscribes;
    private final boolean sendsSni;
    private final int maxCaPem;
    private final int maxDeviceCertificatePem;
    private final int maxDeviceKeyPem;

    Firmware(
            String label,
            boolean subscribes,
            boolean sendsSni,
            int maxCaPem,
            int maxDeviceCertificatePem,
            int maxDeviceKeyPem) {
        this.label = label;
        this.subscribes = subscribes;
        this.sendsSni = sendsSni;
        this.maxCaPem = maxCaPem;
        this.maxDeviceCertificatePem = maxDeviceCertificatePem;
        this.maxDeviceKeyPem = maxDeviceKeyPem;
    }

    /** The name on the command line: {@code dic-v1}, {@code dic} or {@code matter-aws}. */
    public String label() {
        return label;
    }

    /** Whether the firmware subscribes to the {@code command} topic (the first generation only publishes). */
    public boolean subscribes() {
        return subscribes;
    }

    /** Whether the firmware's TLS sends SNI = its host and verifies the server certificate's host name. */
    public boolean sendsSni() {
        return sendsSni;
    }

    /**
     * The longest CA PEM the firmware takes, in characters without the terminating NUL: the buffer
     * ({@code DIC_CA_CERT_LENGTH} 1212, {@code MATTER_AWS_CA_CERT_LENGTH} 1210) holds the NUL too.
     */
    public int maxCaPem() {
        return maxCaPem;
    }

    /** As {@link #maxCaPem()} for the device certificate ({@code MATTER_AWS_DEV_CERT_LENGTH} 1245). */
    public int maxDeviceCertificatePem() {
        return maxDeviceCertificatePem;
    }

    /** As {@link #maxCaPem()} for the device key ({@code MATTER_AWS_DEV_KEY_LENGTH} 1800). */
    public int maxDeviceKeyPem() {
        return maxDeviceKeyPem;
    }

    /** The generation named {@code label}; a {@link DicException} lists the names otherwise. */
    public static Firmware fromLabel(String label) {
        String wanted = label.toLowerCase(Locale.ROOT);
        for (Firmware firmware : values()) {
            if (firmware.label.equals(wanted)) {
                return firmware;
            }
        }
        throw new DicException("unknown firmware \"" + label + "\": use one of " + labels());
    }

    /** {@code dic-v1, dic, matter-aws}. */
    public static String labels() {
        return Arrays.stream(values()).map(Firmware::label).collect(Collectors.joining(", "));
    }

    /** The file names this generation's files have, in the order they are written. */
    public List<String> fileNames() {
        return switch (this) {
            case DIC_V1 -> List.of(FirmwareFiles.DIC_CONFIG_H);
            case DIC -> List.of(FirmwareFiles.DIC_CONFIG_H, FirmwareFiles.DIC_NVM_CERT_CPP);
            case MATTER_AWS -> List.of(FirmwareFiles.MATTER_AWS_CONFIG_H, FirmwareFiles.MATTER_AWS_NVM_CERT_CPP);
        };
    }
}
