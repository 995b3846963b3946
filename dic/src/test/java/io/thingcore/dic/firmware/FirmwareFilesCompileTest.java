package io.thingcore.dic.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.dic.testing.Tools;
import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.LeafRequest;
import io.thingcore.pki.Pem;
import io.thingcore.testkit.tools.ExternalTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Builds the files {@link FirmwareFiles#render} writes into each firmware layout they replace a file of, with gcc and
 * g++ as strict as the firmware's builds ({@code -Wall -Wextra -Werror -pedantic}), runs the result and checks that it
 * is given exactly what was rendered.
 *
 * <p>The layouts (test resources under {@code io/thingcore/dic/firmware/}, written from the facts of the firmware
 * files their comments name; no firmware code is copied):
 *
 * <ul>
 *   <li>G1, connectedhomeip {@code examples/platform/silabs/DIC/matter_abs_interface/src/dic.c} @4e114a30: the one
 *       {@code dic_config.h}, read through {@code DIC_SERVER_CA_CERT} etc. with {@code strlen + 1}; as C and as C++.
 *   <li>G2, connectedhomeip @242e2263: {@code dic.h} defines {@code MQTT_QOS_0} (and the OTA task settings) and does
 *       not include {@code dic_config.h}; {@code dic_nvm_cert.h} defines the {@code DIC_*_LENGTH} sizes itself and
 *       includes {@code SilabsConfig.h}.
 *   <li>G2, SiliconLabs/matter_extension {@code include/dic.h} and {@code dic_nvm_cert.h} @3f1e18d3: {@code dic.h}
 *       includes {@code dic_config.h}; {@code dic_nvm_cert.h} only declares; {@code dic_control.h} @644bd469
 *       defines {@code MQTT_SUBSCRIBE_TOPIC}.
 *   <li>G3, SiliconLabsSoftware/matter_sdk @cf7a7bca / @48d2038e: {@code dic.h} includes {@code dic_config.h}, so
 *       every DIC unit sees it; the OTA library's C {@code demo_config.h} includes it too.
 *   <li>G4, matter_sdk {@code matter_aws_interface} @fe7426e7: {@code MatterAwsConfig.h} (with {@code cmsis_os2.h})
 *       and {@code MatterAwsNvmCert.cpp}.
 * </ul>
 *
 * <p>The two-file layouts are linked from the generated {@code .cpp}, a task unit and a control unit, each including
 * the generated header, so that an array defined in the header would be a duplicate symbol. Each is built with and
 * without its OTA switch ({@code ENABLE_AWS_OTA_FEAT}, {@code SL_MATTER_ENABLE_AWS_OTA_FEAT}), and once more with
 * every value at the firmware's limit: the longest host, client ID and PEMs {@link FirmwareLimits} accepts must fit
 * the firmware's buffers exactly.
 */
class FirmwareFilesCompileTest {
    private static final String C = "gcc";
    private static final String CXX = "g++";
    private static final List<String> WARNINGS = List.of("-Wall", "-Wextra", "-Werror", "-pedantic");
    private static final List<String> C_FLAGS = List.of("-std=c11");
    // gnu++17: the Matter SDK's C++ dialect.
    private static final List<String> CXX_FLAGS = List.of("-std=gnu++17");

    /** A firmware layout: the directory of its stand-in headers and the files it takes. */
    enum Layout {
        G1_CONNECTEDHOMEIP_4E114A30("g1-connectedhomeip-4e114a30", Firmware.DIC_V1, null, null),
        G2_CONNECTEDHOMEIP_242E2263("g2-connectedhomeip-242e2263", Firmware.DIC, "ENABLE_AWS_OTA_FEAT", null),
        G2_MATTER_EXTENSION_3F1E18D3("g2-matter_extension-3f1e18d3", Firmware.DIC, "ENABLE_AWS_OTA_FEAT", null),
        G3_MATTER_SDK_CF7A7BCA("g3-matter_sdk-cf7a7bca", Firmware.DIC, "ENABLE_AWS_OTA_FEAT", "dic_c_consumer.c"),
        G4_MATTER_SDK_FE7426E7(
                "g4-matter_sdk-fe7426e7",
                Firmware.MATTER_AWS,
                "SL_MATTER_ENABLE_AWS_OTA_FEAT",
                "matter_aws_c_consumer.c");

        final String directory;
        final Firmware firmware;
        final String otaSwitch;
        final String cConsumer;

        Layout(String directory, Firmware firmware, String otaSwitch, String cConsumer) {
            this.directory = directory;
            this.firmware = firmware;
            this.otaSwitch = otaSwitch;
            this.cConsumer = cConsumer;
        }
    }

    private static DeviceConfig typical;
    private static Path resources;

    @TempDir
    Path temp;

    @BeforeAll
    static void credentials() throws URISyntaxException {
        resources = Path.of(FirmwareFilesCompileTest.class
                        .getResource("/io/thingcore/dic/firmware/README.md")
                        .toURI())
                .getParent();
        // Made at test time, as thingcore makes them: EC P-256, the device key in SEC1 (mbedTLS parses it).
        Instant now = Instant.now();
        CertificateAuthority serverCa = CertificateAuthority.selfSigned(
                Keys.generate(KeyAlgorithm.EC_P256), "CN=thingcore test server CA", now, now.plus(Duration.ofDays(1)));
        CertificateAuthority deviceCa = CertificateAuthority.selfSigned(
                Keys.generate(KeyAlgorithm.EC_P256), "CN=thingcore test device CA", now, now.plus(Duration.ofDays(1)));
        KeyPair deviceKey = Keys.generate(KeyAlgorithm.EC_P256);
        String deviceCertificate = Pem.write(
                deviceCa.issue(LeafRequest.client(deviceKey.getPublic(), "CN=kitchen-light-2", Duration.ofDays(1))));
        typical = new DeviceConfig(
                "thingcore-gw.local",
                8883,
                "kitchen-light-2",
                Pem.write(serverCa.certificate()),
                deviceCertificate,
                Pem.writeSec1(deviceKey.getPrivate()));
    }

    /**
     * Every value at the limit {@link FirmwareLimits} allows for {@code firmware}, with the characters C makes hard: a
     * quote, a backslash, a trigraph ({@code ??=} is {@code #} in C11), the end of a comment, a non-ASCII letter.
     */
    private static DeviceConfig atTheLimits(Firmware firmware) {
        String clientId = pad("q\"b\\s??=c*/é-", Firmware.MAX_CLIENT_ID);
        String host = pad("gw-", Firmware.MAX_HOST - ".example".length()) + ".example";
        DeviceConfig config = new DeviceConfig(
                host,
                65535,
                clientId,
                pem("CERTIFICATE", firmware.maxCaPem()),
                pem("CERTIFICATE", firmware.maxDeviceCertificatePem()),
                pem("EC PRIVATE KEY", firmware.maxDeviceKeyPem()));
        FirmwareLimits.check(firmware, config);
        return config;
    }

    static Stream<Arguments> builds() {
        List<Arguments> builds = new ArrayList<>();
        for (Layout layout : Layout.values()) {
            builds.add(Arguments.of(layout, false, false));
            if (layout.otaSwitch != null) {
                builds.add(Arguments.of(layout, true, false));
            }
            builds.add(Arguments.of(layout, false, true));
        }
        return builds.stream();
    }

    @ParameterizedTest(name = "{0}, OTA {1}, values at the limits {2}")
    @MethodSource("builds")
    void theFirmwareIsGivenExactlyWhatWasRendered(Layout layout, boolean ota, boolean atLimits) throws IOException {
        ExternalTools.require(ExternalTools.onPath(C).isPresent(), C);
        ExternalTools.require(ExternalTools.onPath(CXX).isPresent(), CXX);
        DeviceConfig config = atLimits ? atTheLimits(layout.firmware) : typical;
        Path generated = Files.createDirectories(temp.resolve("generated"));
        FirmwareFiles.render(layout.firmware, config).forEach((name, text) -> write(generated.resolve(name), text));

        if (layout.firmware == Firmware.DIC_V1) {
            for (String compiler : List.of(C, CXX)) {
                Path program = temp.resolve("g1-" + compiler);
                compile(compiler, layout, generated, ota, programSource("g1_dic.c"), program, List.of());
                Map<String, String> facts = run(program);
                assertFirstGeneration(facts, config);
            }
            return;
        }

        boolean dic = layout.firmware == Firmware.DIC;
        List<Path> objects = new ArrayList<>();
        String credentials = dic ? FirmwareFiles.DIC_NVM_CERT_CPP : FirmwareFiles.MATTER_AWS_NVM_CERT_CPP;
        objects.add(object(CXX, layout, generated, ota, generated.resolve(credentials), List.of()));
        List<String> taskDefines = layout.cConsumer == null ? List.of() : List.of("-DTHINGCORE_C_CONSUMER");
        objects.add(object(
                CXX, layout, generated, ota, programSource(dic ? "dic_task.cpp" : "matter_aws_task.cpp"), taskDefines));
        objects.add(object(
                CXX,
                layout,
                generated,
                ota,
                programSource(dic ? "dic_control.cpp" : "matter_aws_control.cpp"),
                List.of()));
        if (layout.cConsumer != null) {
            objects.add(object(C, layout, generated, ota, programSource(layout.cConsumer), List.of()));
        }
        Path program = temp.resolve("device");
        List<String> link = new ArrayList<>(List.of(CXX, "-o", program.toString()));
        objects.forEach(o -> link.add(o.toString()));
        Tools.ok(temp, link.toArray(String[]::new));

        Map<String, String> facts = run(program);
        assertAccessorsAndSettings(facts, layout, ota, config);
    }

    private static void assertFirstGeneration(Map<String, String> facts, DeviceConfig config) {
        assertPem(facts, "ca", config.caCertificatePem());
        assertPem(facts, "cert", config.deviceCertificatePem());
        assertPem(facts, "key", config.deviceKeyPem());
        for (String pem : List.of("ca", "cert", "key")) {
            assertThat(facts.get(pem + ".sizeof"))
                    .as("sizeof(%s array) = the strlen + 1 that dic.c passes", pem)
                    .isEqualTo(facts.get(pem + ".size"));
        }
        assertThat(text(facts, "host")).isEqualTo(config.host());
        assertThat(facts).containsEntry("port", String.valueOf(config.port()));
        assertThat(text(facts, "client")).isEqualTo(config.clientId());
        assertThat(facts)
                .containsEntry("keep_alive", "0")
                .containsEntry("user_is_null", "1")
                .containsEntry("pass_is_null", "1")
                .containsEntry("task.stack", "2048")
                // dic_config.h @c5b1572 :31; dic.c @4e114a30 passes 1 to xTaskCreate regardless.
                .containsEntry("task.priority", "2")
                .containsEntry("use_aws", "1")
                .containsEntry("use_mosquitto", "0");
        assertThat(text(facts, "task.name")).isEqualTo("DIC");
    }

    private static void assertAccessorsAndSettings(
            Map<String, String> facts, Layout layout, boolean ota, DeviceConfig config) {
        boolean dic = layout.firmware == Firmware.DIC;
        assertPem(facts, "ca", config.caCertificatePem());
        assertPem(facts, "cert", config.deviceCertificatePem());
        assertPem(facts, "key", config.deviceKeyPem());
        assertThat(text(facts, "host")).as("the host the accessor gives").isEqualTo(config.host());
        assertThat(text(facts, "client")).as("the client ID the accessor gives").isEqualTo(config.clientId());
        assertThat(facts).containsEntry("port", String.valueOf(config.port()));

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("arrays_shared", "1");
        expected.put("refuses_small", "1");
        expected.put("refuses_null", "1");
        expected.put("keep_alive", "0");
        expected.put("user_is_null", "1");
        expected.put("pass_is_null", "1");
        expected.put("publish.qos", "0");
        expected.put("subscribe.qos", "0");
        expected.put("embed_cert", "0");
        expected.put("task.stack", "2048");
        // DIC: dic_config.h @cf7a7bca :33 (5); Matter + AWS: osPriorityAboveNormal (CMSIS-RTOS2 value 32).
        expected.put("task.priority", dic ? "5" : "32");
        expected.put("lengths.ca", dic ? "1212" : "1210");
        expected.put("lengths.cert", dic ? "1212" : "1245");
        expected.put("lengths.key", dic ? "1212" : "1800");
        expected.put("lengths.host", "55");
        expected.put("lengths.client", "30");
        if (ota) {
            expected.put("ota.stack", "1024");
            expected.put("ota.priority", "1");
        }
        if (layout.cConsumer != null) {
            if (ota) {
                expected.put("c.ota.stack", "1024");
                expected.put("c.ota.priority", "1");
            }
            if (!dic) {
                expected.put("c.task.priority", "32");
            }
            assertThat(text(facts, "c.client"))
                    .as("the client ID a C unit reads from the header")
                    .isEqualTo(config.clientId());
        }
        assertThat(facts).containsAllEntriesOf(expected);
        if (!ota) {
            assertThat(facts).doesNotContainKeys("ota.stack", "ota.priority", "c.ota.stack", "c.ota.priority");
        }
        assertThat(text(facts, "task.name")).isEqualTo(dic ? "DIC" : "MATTER_AWS");
        assertThat(text(facts, "subscribe.topic")).isEqualTo("command");
    }

    private static void assertPem(Map<String, String> facts, String name, String pem) {
        assertThat(text(facts, name))
                .as("the %s PEM the firmware is given", name)
                .isEqualTo(pem);
        assertThat(facts)
                .as("%s size with its NUL", name)
                .containsEntry(name + ".size", String.valueOf(pem.getBytes(StandardCharsets.UTF_8).length + 1));
    }

    private static String text(Map<String, String> facts, String name) {
        assertThat(facts).as("the program reported %s", name).containsKey(name);
        return new String(HexFormat.of().parseHex(facts.get(name)), StandardCharsets.UTF_8);
    }

    private Path object(
            String compiler, Layout layout, Path generated, boolean ota, Path source, List<String> defines) {
        Path object = temp.resolve(source.getFileName() + ".o");
        List<String> extra = new ArrayList<>(List.of("-c"));
        extra.addAll(defines);
        compile(compiler, layout, generated, ota, source, object, extra);
        return object;
    }

    /** Compiles {@code source}; the include path is generated files, then the layout's headers, then the SDK's. */
    private void compile(
            String compiler, Layout layout, Path generated, boolean ota, Path source, Path output, List<String> extra) {
        List<String> command = new ArrayList<>(List.of(compiler));
        command.addAll(compiler.equals(C) ? C_FLAGS : CXX_FLAGS);
        if (compiler.equals(CXX) && source.toString().endsWith(".c")) {
            command.addAll(List.of("-x", "c++"));
        }
        command.addAll(WARNINGS);
        if (ota) {
            command.add("-D" + layout.otaSwitch);
        }
        command.addAll(List.of(
                "-I", generated.toString(),
                "-I", resources.resolve(layout.directory).toString(),
                "-I", resources.resolve("sdk").toString(),
                "-I", resources.resolve("programs").toString()));
        command.addAll(extra);
        command.addAll(List.of(source.toString(), "-o", output.toString()));
        Tools.Run result = Tools.run(temp, command.toArray(String[]::new));
        assertThat(result.exitCode())
                .as("%s builds %s for %s (OTA %s):%n%s", compiler, source.getFileName(), layout, ota, result.output())
                .isZero();
    }

    private Map<String, String> run(Path program) {
        Tools.Run result = Tools.run(temp, program.toString());
        assertThat(result.exitCode())
                .as("the program's failures:%n%s", result.output())
                .isZero();
        Map<String, String> facts = new LinkedHashMap<>();
        result.output().lines().forEach(line -> {
            int equals = line.indexOf('=');
            assertThat(equals).as("output line %s", line).isPositive();
            assertThat(facts.put(line.substring(0, equals), line.substring(equals + 1)))
                    .as("reported once: %s", line)
                    .isNull();
        });
        return facts;
    }

    private static Path programSource(String name) {
        return resources.resolve("programs").resolve(name);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code prefix} followed by letters up to {@code bytes} UTF-8 bytes. */
    private static String pad(String prefix, int bytes) {
        StringBuilder out = new StringBuilder(prefix);
        for (int i = 0; out.toString().getBytes(StandardCharsets.UTF_8).length < bytes; i++) {
            out.append((char) ('a' + i % 26));
        }
        assertThat(out.toString().getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
        return out.toString();
    }

    /** A PEM-shaped text of exactly {@code bytes} bytes (the programs copy PEMs; they do not parse them). */
    private static String pem(String label, int bytes) {
        String begin = "-----BEGIN " + label + "-----\n";
        String end = "-----END " + label + "-----\n";
        StringBuilder body = new StringBuilder();
        int room = bytes - begin.length() - end.length();
        while (room > 0) {
            int line = Math.min(64, room - 1);
            if (line <= 0) {
                // A lone newline would leave an empty line; lengthen the previous one instead.
                body.insert(body.length() - 1, 'A');
                room -= 1;
                continue;
            }
            body.append("A".repeat(line)).append('\n');
            room -= line + 1;
        }
        String pem = begin + body + end;
        assertThat(pem).hasSize(bytes);
        return pem;
    }
}
