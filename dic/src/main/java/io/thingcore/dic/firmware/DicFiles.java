package io.thingcore.dic.firmware;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The DIC example's two files, complete replacements valid in both layouts it shipped in:
 *
 * <ul>
 *   <li>G2, connectedhomeip @242e2263 and SiliconLabs/matter_extension @08fe6a70: {@code include/dic_config.h} holds
 *       task, port, keep-alive, user and password; {@code src/dic_nvm_cert.cpp} holds the host, the client ID and the
 *       PEMs; connectedhomeip's {@code include/dic_nvm_cert.h} defines the buffer lengths.
 *   <li>G3, SiliconLabsSoftware/matter_sdk @cf7a7bca: {@code include/dic_config.h} holds every setting (host, client
 *       ID, lengths, QoS, topic, OTA task) and is included by every DIC translation unit through {@code dic.h};
 *       {@code src/dic_nvm_cert.cpp} holds only the PEMs and the accessors.
 * </ul>
 *
 * So the header carries the union of both layouts' macros and never the credentials: the PEM arrays are defined once,
 * in {@code dic_nvm_cert.cpp}. A macro redefined with other tokens is a diagnostic (C11 6.10.3p2) and Matter builds use
 * {@code -Werror}, so the macros that a G2 header defines too are spelled as that header spells them when it comes
 * later in the include order (connectedhomeip {@code include/dic_nvm_cert.h} @242e2263: {@code DIC_*_LENGTH 1212})
 * and guarded with {@code #ifndef} when it comes first (connectedhomeip {@code include/dic.h} @242e2263, included
 * before {@code dic_config.h} by {@code src/dic.cpp}: {@code MQTT_QOS_0 0}, {@code AWS_OTA_TASK_STACK_SIZE 1024},
 * {@code AWS_OTA_TASK_PRIORITY 1}).
 */
final class DicFiles {
    private DicFiles() {}

    static Map<String, String> render(DeviceConfig config) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(FirmwareFiles.DIC_CONFIG_H, header(config));
        files.put(FirmwareFiles.DIC_NVM_CERT_CPP, source(config));
        return files;
    }

    private static String header(DeviceConfig config) {
        StringBuilder out = new StringBuilder();
        out.append(FirmwareFiles.banner(Firmware.DIC, "the DIC example's include/dic_config.h", config, false));
        out.append("#ifndef __DIC_CONFIG_H\n");
        out.append("#define __DIC_CONFIG_H\n\n");
        out.append("#include <stddef.h>\n\n");
        out.append("/* 0: the credentials are the arrays in dic_nvm_cert.cpp, not values read from NVM */\n");
        out.append("#ifndef SL_DIC_NVM_EMBED_CERT\n");
        out.append("#define SL_DIC_NVM_EMBED_CERT (0)\n");
        out.append("#endif\n\n");
        out.append("#define USE_AWS 1\n");
        out.append("#define USE_MOSQUITTO 0\n\n");
        out.append("/* Task configuration */\n");
        out.append("#define DIC_TASK_NAME \"DIC\"\n");
        out.append("#define DIC_TASK_STACK_SIZE (2 * 1024)\n");
        out.append("#define DIC_TASK_PRIORITY (5)\n\n");
        out.append("/* Network configuration */\n");
        out.append("#define DIC_SERVER_HOST ")
                .append(CText.literal(config.host()))
                .append('\n');
        out.append("#define DIC_SERVER_PORT (").append(config.port()).append(")\n\n");
        out.append("/* MQTT: the firmware never sends PINGREQ with keep-alive 0 */\n");
        out.append("#define DIC_KEEP_ALIVE (0)\n\n");
        out.append("/* MQTT client: the client ID is the thing name; the certificate is the credential */\n");
        out.append("#define DIC_CLIENT_ID ")
                .append(CText.literal(config.clientId()))
                .append('\n');
        out.append("#define DIC_CLIENT_USER NULL\n");
        out.append("#define DIC_CLIENT_PASS NULL\n\n");
        out.append("#ifndef MQTT_QOS_0\n");
        out.append("#define MQTT_QOS_0 (0)\n");
        out.append("#endif\n");
        out.append("#ifndef MQTT_SUBSCRIBE_TOPIC\n");
        out.append("#define MQTT_SUBSCRIBE_TOPIC \"command\"\n");
        out.append("#endif\n\n");
        out.append("/* Buffer sizes, NUL included: dic provision refused longer values */\n");
        out.append("#define DIC_CA_CERT_LENGTH 1212\n");
        out.append("#define DIC_DEV_CERT_LENGTH 1212\n");
        out.append("#define DIC_DEV_KEY_LENGTH 1212\n");
        out.append("#define DIC_HOSTNAME_LENGTH 55\n");
        out.append("#define DIC_CLIENTID_LENGTH 30\n\n");
        out.append("#ifdef ENABLE_AWS_OTA_FEAT\n");
        out.append("#ifndef AWS_OTA_TASK_STACK_SIZE\n");
        out.append("#define AWS_OTA_TASK_STACK_SIZE (1024)\n");
        out.append("#endif\n");
        out.append("#ifndef AWS_OTA_TASK_PRIORITY\n");
        out.append("#define AWS_OTA_TASK_PRIORITY (1)\n");
        out.append("#endif\n");
        out.append("#endif /* ENABLE_AWS_OTA_FEAT */\n\n");
        out.append("#endif /* __DIC_CONFIG_H */\n");
        return out.toString();
    }

    private static String source(DeviceConfig config) {
        StringBuilder out = new StringBuilder();
        out.append(FirmwareFiles.banner(Firmware.DIC, "the DIC example's src/dic_nvm_cert.cpp", config, true));
        out.append("#include <cstring>\n");
        out.append("#include <stddef.h>\n\n");
        out.append("#include <lib/core/CHIPError.h>\n\n");
        out.append("#include \"dic_config.h\"\n");
        out.append("#include \"dic_nvm_cert.h\"\n\n");
        out.append("#if SL_DIC_NVM_EMBED_CERT\n");
        out.append("#error \"these credentials are embedded: build with SL_DIC_NVM_EMBED_CERT 0, or the device reads"
                + " other ones from NVM\"\n");
        out.append("#endif\n\n");
        out.append(CText.pemArray("ca_certificate", config.caCertificatePem())).append('\n');
        out.append(CText.pemArray("device_certificate", config.deviceCertificatePem()))
                .append('\n');
        out.append(CText.pemArray("device_key", config.deviceKeyPem()));
        out.append(Accessors.render("DICGet", "DIC_SERVER_HOST", "DIC_CLIENT_ID"));
        return out.toString();
    }
}
