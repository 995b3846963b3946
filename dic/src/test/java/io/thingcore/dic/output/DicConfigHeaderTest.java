package io.thingcore.dic.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.dic.certs.CertificateFiles;
import io.thingcore.dic.certs.Leaf;
import io.thingcore.dic.endpoint.MqttEndpoint;
import io.thingcore.dic.testing.Tools;
import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.KeyAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DicConfigHeaderTest {
    @TempDir
    Path dir;

    private static final String PROGRAM = """
            #include <stdio.h>
            #include <string.h>
            #include "dic_config.h"

            static void put(const char *path, const char *text, size_t size) {
                FILE *f = fopen(path, "wb");
                fwrite(text, 1, strlen(text), f);
                fclose(f);
                /* mbedTLS wants the length including the NUL: sizeof must be strlen + 1. */
                if (size != strlen(text) + 1) { printf("bad size for %s\\n", path); }
            }

            int main(void) {
                put("ca.out", ca_certificate, sizeof(ca_certificate));
                put("crt.out", device_certificate, sizeof(device_certificate));
                put("key.out", device_key, sizeof(device_key));
                printf("%s|%d|%s|%d|%d\\n", DIC_SERVER_HOST, DIC_SERVER_PORT, DIC_CLIENT_ID,
                       DIC_CLIENT_USER == NULL, DIC_CLIENT_PASS == NULL);
                return 0;
            }
            """;

    @Test
    void compilesWithGccAndItsStringsAreThePemFilesByteForByte() throws Exception {
        Tools.requireGcc();
        CertificateAuthority ca = CertificateFiles.createCa(dir, "/CN=CA", 10, KeyAlgorithm.EC_P256, false);
        Leaf device = CertificateFiles.issueLeaf(ca, dir, "device", "/CN=DIC_2", 10, KeyAlgorithm.EC_P256, false);
        String serverCa = MqttEndpoint.amazonRootCa1();
        DicConfigHeader header = new DicConfigHeader(
                "abc123-ats.iot.eu-west-1.amazonaws.com",
                8883,
                "DIC_2",
                serverCa,
                device.certificatePem(),
                device.keyPem());
        Files.writeString(dir.resolve(DicConfigHeader.FILE_NAME), header.render());
        Files.writeString(dir.resolve("main.c"), PROGRAM);

        Tools.ok(dir, "gcc", "-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror", "-o", "dic", "main.c");
        String printed = Tools.ok(dir, "./dic");

        assertThat(printed).isEqualTo("abc123-ats.iot.eu-west-1.amazonaws.com|8883|DIC_2|1|1\n");
        assertThat(Files.readAllBytes(dir.resolve("ca.out"))).isEqualTo(serverCa.getBytes());
        assertThat(Files.readAllBytes(dir.resolve("crt.out"))).isEqualTo(Files.readAllBytes(dir.resolve("device.crt")));
        assertThat(Files.readAllBytes(dir.resolve("key.out"))).isEqualTo(Files.readAllBytes(dir.resolve("device.key")));
    }

    @Test
    void hasTheShapeOfTheSiliconLabsExample() {
        String text = new DicConfigHeader("localhost", 8883, "DIC_2", "A\nB\n", "C\n", "D\n").render();
        assertThat(text)
                .contains("#ifndef DIC_CONFIG_H\n#define DIC_CONFIG_H\n")
                .contains("#define DIC_SERVER_HOST \"localhost\"\n")
                .contains("#define DIC_SERVER_PORT 8883\n")
                .contains("#define DIC_CLIENT_ID \"DIC_2\"\n")
                .contains("#define DIC_CLIENT_USER NULL\n")
                .contains("#define DIC_CLIENT_PASS NULL\n")
                .contains("static const char ca_certificate[] =\n    \"A\\n\"\n    \"B\\n\";\n")
                .contains("static const char device_certificate[] =\n    \"C\\n\";\n")
                .contains("static const char device_key[] =\n    \"D\\n\";\n")
                .endsWith("#endif /* DIC_CONFIG_H */\n");
    }

    @Test
    void literalsEscapeWhatCWouldOtherwiseRead() {
        assertThat(DicConfigHeader.literal("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(DicConfigHeader.literal("x\r\n\t")).isEqualTo("\"x\\r\\n\\t\"");
        assertThat(DicConfigHeader.literal("??=")).isEqualTo("\"?\\?=\"");
        assertThat(DicConfigHeader.literal("\u0001é")).isEqualTo("\"\\001\\303\\251\"");
    }
}
