package io.thingcore.dic.firmware;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The "Matter + AWS" example's two files, complete replacements of SiliconLabsSoftware/matter_sdk
 * {@code examples/platform/silabs/matter_aws/matter_aws_interface/include/MatterAwsConfig.h} (@0081ff65 and the
 * current @cd71d570) and {@code src/MatterAwsNvmCert.cpp} (@fe7426e7, @cd71d570). This generation sends SNI =
 * {@code MATTER_AWS_SERVER_HOST} and verifies the server certificate against it, so the host must be a name the
 * gateway's certificate covers.
 *
 * <p>The header carries the macros of both versions: {@code MATTER_AWS_INIT_DELAY_SEC}, which @cd71d570's
 * {@code BaseApplication.cpp} reads, guarded as there; and the credential buffer lengths of @0081ff65 (1210 / 1245 /
 * 1800), which {@code MatterAws.cpp} sizes its buffers by and {@code dic provision} checks against (@cd71d570 shrank
 * them to 800 / 1400 / 500 without dual stack, too small for an RSA root such as Amazon Root CA 1). It leaves out
 * @0081ff65's stray {@code ZCL_USING_DOOR_LOCK_CLUSTER_SERVER}, which forces the door-lock code into every app.
 */
final class MatterAwsFiles {
    private MatterAwsFiles() {}

    static Map<String, String> render(DeviceConfig config) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(FirmwareFiles.MATTER_AWS_CONFIG_H, header(config));
        files.put(FirmwareFiles.MATTER_AWS_NVM_CERT_CPP, source(config));
        return files;
    }

    private static String header(DeviceConfig config) {
        StringBuilder out = new StringBuilder();
        out.append(FirmwareFiles.banner(
                Firmware.MATTER_AWS, "the Matter + AWS example's include/MatterAwsConfig.h", config, false));
        out.append("#ifndef __MATTER_AWS_CONFIG_H\n");
        out.append("#define __MATTER_AWS_CONFIG_H\n\n");
        out.append("#include \"cmsis_os2.h\"\n\n");
        out.append("/* 0: the credentials are the arrays in MatterAwsNvmCert.cpp, not values read from NVM */\n");
        out.append("#ifndef SL_MATTER_AWS_NVM_EMBED_CERT\n");
        out.append("#define SL_MATTER_AWS_NVM_EMBED_CERT (0)\n");
        out.append("#endif\n\n");
        out.append("/* Task configuration */\n");
        out.append("#define MATTER_AWS_TASK_NAME \"MATTER_AWS\"\n");
        out.append("#define MATTER_AWS_TASK_STACK_SIZE (2 * 1024)\n");
        out.append("#define MATTER_AWS_TASK_PRIORITY (osPriorityAboveNormal)\n\n");
        out.append("/* Delay after internet connectivity before the task starts */\n");
        out.append("#ifndef MATTER_AWS_INIT_DELAY_SEC\n");
        out.append("#define MATTER_AWS_INIT_DELAY_SEC (5)\n");
        out.append("#endif\n\n");
        out.append("/* Network configuration: also the TLS server name (SNI) the device sends and checks */\n");
        out.append("#define MATTER_AWS_SERVER_HOST ")
                .append(CText.literal(config.host()))
                .append('\n');
        out.append("#define MATTER_AWS_SERVER_PORT (").append(config.port()).append(")\n\n");
        out.append("/* MQTT: the firmware never sends PINGREQ with keep-alive 0 */\n");
        out.append("#define MATTER_AWS_KEEP_ALIVE (0)\n\n");
        out.append("/* MQTT client: the client ID is the thing name; the certificate is the credential */\n");
        out.append("#define MATTER_AWS_CLIENT_ID ")
                .append(CText.literal(config.clientId()))
                .append('\n');
        out.append("#define MATTER_AWS_CLIENT_USER NULL\n");
        out.append("#define MATTER_AWS_CLIENT_PASS NULL\n\n");
        out.append("#define MQTT_QOS_0 (0)\n");
        out.append("#define MQTT_SUBSCRIBE_TOPIC \"command\"\n\n");
        out.append("/* Buffer sizes, NUL included: dic provision refused longer values */\n");
        out.append("#define MATTER_AWS_CA_CERT_LENGTH (1210)\n");
        out.append("#define MATTER_AWS_DEV_CERT_LENGTH (1245)\n");
        out.append("#define MATTER_AWS_DEV_KEY_LENGTH (1800)\n");
        out.append("#define MATTER_AWS_HOSTNAME_LENGTH (55)\n");
        out.append("#define MATTER_AWS_CLIENTID_LENGTH (30)\n\n");
        out.append("#ifdef SL_MATTER_ENABLE_AWS_OTA_FEAT\n");
        out.append("#define AWS_OTA_TASK_STACK_SIZE (1024)\n");
        out.append("#define AWS_OTA_TASK_PRIORITY (1)\n");
        out.append("#endif /* SL_MATTER_ENABLE_AWS_OTA_FEAT */\n\n");
        out.append("#endif /* __MATTER_AWS_CONFIG_H */\n");
        return out.toString();
    }

    private static String source(DeviceConfig config) {
        StringBuilder out = new StringBuilder();
        out.append(FirmwareFiles.banner(
                Firmware.MATTER_AWS, "the Matter + AWS example's src/MatterAwsNvmCert.cpp", config, true));
        out.append("#include <cstring>\n");
        out.append("#include <stddef.h>\n\n");
        out.append("#include <lib/core/CHIPError.h>\n\n");
        out.append("#include \"MatterAwsConfig.h\"\n");
        out.append("#include \"MatterAwsNvmCert.h\"\n\n");
        out.append("#if SL_MATTER_AWS_NVM_EMBED_CERT\n");
        out.append("#error \"these credentials are embedded: build with SL_MATTER_AWS_NVM_EMBED_CERT 0, or the device"
                + " reads other ones from NVM\"\n");
        out.append("#endif\n\n");
        out.append(CText.pemArray("ca_certificate", config.caCertificatePem())).append('\n');
        out.append(CText.pemArray("device_certificate", config.deviceCertificatePem()))
                .append('\n');
        out.append(CText.pemArray("device_key", config.deviceKeyPem()));
        out.append(Accessors.render("MatterAwsGet", "MATTER_AWS_SERVER_HOST", "MATTER_AWS_CLIENT_ID"));
        return out.toString();
    }
}
