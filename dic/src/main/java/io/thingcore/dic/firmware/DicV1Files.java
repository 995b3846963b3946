package io.thingcore.dic.firmware;

import java.util.Map;

/**
 * The first generation's single file, a complete replacement of connectedhomeip
 * {@code examples/platform/silabs/DIC/matter_abs_interface/include/dic_config.h} (@c5b1572, @2cf6f3a): the macros
 * {@code src/dic.c} (@4e114a30) reads, and the three PEM arrays that header defines itself. {@code dic.c} is its only
 * includer, so the arrays are defined once.
 */
final class DicV1Files {
    private DicV1Files() {}

    static Map<String, String> render(DeviceConfig config) {
        StringBuilder out = new StringBuilder();
        out.append(FirmwareFiles.banner(
                Firmware.DIC_V1,
                "connectedhomeip examples/platform/silabs/DIC/matter_abs_interface/include/dic_config.h",
                config,
                true));
        out.append("#ifndef __DIC_CONFIG_H\n");
        out.append("#define __DIC_CONFIG_H\n\n");
        out.append("/* Certificates */\n");
        out.append("#define USE_AWS 1\n");
        out.append("#define USE_MOSQUITTO 0\n\n");
        out.append("/* Task configuration */\n");
        out.append("#define DIC_TASK_NAME \"DIC\"\n");
        out.append("#define DIC_TASK_STACK_SIZE (2*1024)\n");
        out.append("#define DIC_TASK_PRIORITY 2\n\n");
        out.append("/* Network configuration */\n");
        out.append("#define DIC_SERVER_HOST ")
                .append(CText.literal(config.host()))
                .append('\n');
        out.append("#define DIC_SERVER_PORT ").append(config.port()).append('\n');
        out.append("#define DIC_SERVER_CA_CERT ca_certificate\n");
        out.append("#define DIC_DEVICE_CERT device_certificate\n");
        out.append("#define DIC_DEVICE_KEY device_key\n\n");
        out.append("/* MQTT: the firmware never sends PINGREQ with keep-alive 0 */\n");
        out.append("#define DIC_KEEP_ALIVE 0\n\n");
        out.append("/* MQTT client: the client ID is the thing name; the certificate is the credential */\n");
        out.append("#define DIC_CLIENT_ID ")
                .append(CText.literal(config.clientId()))
                .append('\n');
        out.append("#define DIC_CLIENT_USER NULL\n");
        out.append("#define DIC_CLIENT_PASS NULL\n\n");
        out.append(CText.pemArray("ca_certificate", config.caCertificatePem())).append('\n');
        out.append(CText.pemArray("device_certificate", config.deviceCertificatePem()))
                .append('\n');
        out.append(CText.pemArray("device_key", config.deviceKeyPem())).append('\n');
        out.append("#endif /* __DIC_CONFIG_H */\n");
        return Map.of(FirmwareFiles.DIC_CONFIG_H, out.toString());
    }
}
