package io.thingcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.thingcore.cli.ThingcoreCommand;
import io.thingcore.client.ClientTls;
import io.thingcore.client.MqttClient;
import io.thingcore.client.MqttClientOptions;
import io.thingcore.client.TlsEngine;
import io.thingcore.dic.output.ProvisionedClient;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.testkit.GatewayProcess;
import io.thingcore.testkit.tools.ExternalTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device built like the DIC firmware, against the gateway as a user runs it: a C++ program on Debian's mbedTLS (the
 * library the firmware's TLS uses) compiled together with the {@code dic_config.h} and {@code dic_nvm_cert.cpp} that
 * {@code thingcore dic provision} writes with its default flags. It learns host, port, client ID and credentials only
 * from those files, through the firmware's accessors, and speaks the firmware's TLS and MQTT profile: TLS 1.2 with the
 * firmware's suites, the server verified against {@code ca_certificate} alone, no SNI (connectedhomeip
 * {@code MQTT_transport.c} @2cf6f3a never calls {@code mbedtls_ssl_set_hostname}), MQTT 3.1.1 clean session with
 * keep-alive 0, {@code command} subscribed at QoS 0. See {@code src/test/resources/dic-device/device.cpp}.
 *
 * <p>The MQTT Explorer identity of the same provisioning run sees the device's {@code light/state on}, sends
 * {@code toggle} to {@code command}, and sees the device's answer {@code light/state off}.
 */
class DicFirmwareDeviceIT {
    private static final List<String> FIRMWARE_SUITES = List.of(
            "TLS-ECDHE-ECDSA-WITH-AES-256-GCM-SHA384",
            "TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256",
            "TLS-ECDHE-ECDSA-WITH-AES-256-CBC-SHA384",
            "TLS-ECDHE-ECDSA-WITH-AES-128-CBC-SHA256",
            "TLS-ECDHE-ECDSA-WITH-AES-256-CBC-SHA",
            "TLS-ECDHE-ECDSA-WITH-AES-128-CBC-SHA",
            "TLS-ECDHE-RSA-WITH-AES-128-CBC-SHA256");

    @TempDir
    Path temp;

    private GatewayProcess gateway;
    private Path connectionFile;
    private EventLoopGroup group;
    private Process device;

    @BeforeEach
    void start() throws Exception {
        // The compiler and Debian's mbedTLS (libmbedtls-dev, installed by .ci/run) before anything is started.
        ExternalTools.require(ExternalTools.onPath("g++").isPresent(), "g++");
        ExternalTools.require(Files.isRegularFile(Path.of("/usr/include/mbedtls/ssl.h")), "libmbedtls-dev");
        Path dataDir = temp.resolve("data");
        // The gateway with its default flags, as `thingcore up` runs it.
        gateway = GatewayProcess.start(CliJar.PATH, dataDir);
        connectionFile = dataDir.resolve(ConnectionInfo.FILE_NAME);
        group = MqttClient.newEventLoopGroup(2);
    }

    @AfterEach
    void stop() {
        if (device != null) {
            device.destroyForcibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aDeviceBuiltFromTheGeneratedFilesIsControlledByTheExplorer() throws Exception {
        Path out = temp.resolve("dic-out");
        assertThat(ThingcoreCommand.commandLine()
                        .execute(
                                "dic", "provision", "--connection", connectionFile.toString(), "--out", out.toString()))
                .as("thingcore dic provision")
                .isZero();
        Path firmware = out.resolve("firmware");
        assertThat(firmware.resolve("dic_config.h")).exists();
        assertThat(firmware.resolve("dic_nvm_cert.cpp")).exists();

        Path program = build(firmware);

        ProvisionedClient explorerFiles = ProvisionedClient.read(out, ProvisionedClient.Role.EXPLORER);
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        MqttClient explorer = MqttClient.connect(
                        group,
                        ClientTls.fromPemFiles(
                                explorerFiles.certificate(),
                                explorerFiles.key(),
                                explorerFiles.serverCa(),
                                TlsEngine.AUTO),
                        MqttClientOptions.of(explorerFiles.host(), explorerFiles.port(), explorerFiles.clientId()),
                        (topic, payload, qos, retain) ->
                                seen.add(topic + " " + payload.toString(StandardCharsets.UTF_8)))
                .get(10, TimeUnit.SECONDS);
        assertThat(explorer.subscribe(List.of("light/#"), MqttQoS.AT_MOST_ONCE).get(5, TimeUnit.SECONDS))
                .containsExactly(0);

        BlockingQueue<String> deviceLines = new LinkedBlockingQueue<>();
        List<String> deviceLog = new CopyOnWriteArrayList<>();
        device = new ProcessBuilder(program.toString())
                .directory(temp.toFile())
                .redirectErrorStream(true)
                .start();
        Thread pump = new Thread(
                () -> {
                    try (BufferedReader reader = new BufferedReader(
                            new InputStreamReader(device.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            deviceLog.add(line);
                            deviceLines.add(line);
                        }
                    } catch (IOException ignored) {
                        // the device ended; its exit code and log tell the rest
                    }
                },
                "dic-device-output");
        pump.setDaemon(true);
        pump.start();

        ProvisionedClient deviceFiles = ProvisionedClient.read(out, ProvisionedClient.Role.DEVICE);
        expectLine(
                deviceLines,
                deviceLog,
                "config host=" + deviceFiles.host() + " port=" + deviceFiles.port() + " client="
                        + deviceFiles.clientId());
        String tls = nextLine(deviceLines, deviceLog);
        assertThat(tls).as("device log %s", deviceLog).startsWith("tls version=TLSv1.2 suite=");
        assertThat(tls.substring(tls.indexOf("suite=") + "suite=".length())).isIn(FIRMWARE_SUITES);
        expectLine(deviceLines, deviceLog, "connack rc=0 keepalive=0");
        expectLine(deviceLines, deviceLog, "suback topic=command granted=0");
        expectLine(deviceLines, deviceLog, "published light/state on");
        assertThat(seen.poll(10, TimeUnit.SECONDS))
                .as("the explorer sees the device's state")
                .isEqualTo("light/state on");

        explorer.publish("command", "toggle", MqttQoS.AT_MOST_ONCE, false).get(5, TimeUnit.SECONDS);

        expectLine(deviceLines, deviceLog, "received topic=command payload=toggle");
        expectLine(deviceLines, deviceLog, "published light/state off");
        assertThat(seen.poll(10, TimeUnit.SECONDS))
                .as("the explorer sees the device's answer")
                .isEqualTo("light/state off");
        assertThat(device.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(device.exitValue()).as("device log %s", deviceLog).isZero();
        explorer.disconnect().get(5, TimeUnit.SECONDS);
    }

    /**
     * Compiles the device with the generated files as the firmware's build would take them, as strictly: the
     * generated {@code dic_nvm_cert.cpp} is its own translation unit.
     */
    private Path build(Path firmware) throws IOException, URISyntaxException, InterruptedException {
        Path sources = Path.of(DicFirmwareDeviceIT.class
                        .getResource("/dic-device/device.cpp")
                        .toURI())
                .getParent();
        Path program = temp.resolve("dic-device");
        List<String> command = new ArrayList<>(List.of(
                "g++",
                "-std=gnu++17",
                "-Wall",
                "-Wextra",
                "-Werror",
                "-I",
                firmware.toString(),
                "-I",
                sources.toString(),
                sources.resolve("device.cpp").toString(),
                firmware.resolve("dic_nvm_cert.cpp").toString(),
                "-o",
                program.toString(),
                "-lmbedtls",
                "-lmbedx509",
                "-lmbedcrypto"));
        Process compiler = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(compiler.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(compiler.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(compiler.exitValue())
                .as("g++ builds the device:%n%s", output)
                .isZero();
        return program;
    }

    private static String nextLine(BlockingQueue<String> lines, List<String> log) throws InterruptedException {
        String line = lines.poll(30, TimeUnit.SECONDS);
        assertThat(line).as("the device's next line (log so far: %s)", log).isNotNull();
        return line;
    }

    private static void expectLine(BlockingQueue<String> lines, List<String> log, String expected)
            throws InterruptedException {
        assertThat(nextLine(lines, log)).as("device log %s", log).isEqualTo(expected);
    }
}
