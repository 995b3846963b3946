package io.thingcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.thingcore.cli.ThingcoreCommand;
import io.thingcore.client.ClientTls;
import io.thingcore.client.MqttClient;
import io.thingcore.client.MqttClientOptions;
import io.thingcore.client.TlsEngine;
import io.thingcore.client.TlsProfile;
import io.thingcore.dic.firmware.DeviceConfig;
import io.thingcore.dic.firmware.Firmware;
import io.thingcore.dic.firmware.FirmwareFiles;
import io.thingcore.dic.output.ProvisionedClient;
import io.thingcore.dic.simulator.DicApp;
import io.thingcore.dic.simulator.FirmwareProfile;
import io.thingcore.dic.simulator.SimulatedDevice;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.testkit.GatewayProcess;
import io.thingcore.testkit.tools.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's end-to-end test, the README's "Matter DIC in five minutes": a gateway started by the thingcore command,
 * {@code thingcore dic provision},
 * the simulated lighting device connecting with the files it wrote, and a remote client with the explorer
 * certificate that subscribes to {@code light/#}, publishes {@code toggle} to {@code command} and sees
 * {@code light/state} change. Once with the certificates thingcore makes, once with certificates made by the guide's
 * exact openssl commands (the CA brought with {@code --ca-dir}).
 */
class DicInFiveMinutesIT {
    @TempDir
    Path temp;

    private GatewayProcess gateway;
    private Path connectionFile;
    private EventLoopGroup group;

    /** The gateway as a user starts it: the thingcore command in its own process (thingcore up's server). */
    @BeforeEach
    void start() throws Exception {
        Path dataDir = temp.resolve("data");
        gateway = GatewayProcess.start(CliJar.PATH, dataDir);
        connectionFile = dataDir.resolve(ConnectionInfo.FILE_NAME);
        group = MqttClient.newEventLoopGroup(2);
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        gateway.close();
    }

    @Test
    void withTheCertificatesThingcoreMakes() throws Exception {
        Path out = temp.resolve("dic-out");
        provision(out);
        theExplorersToggleReachesTheDeviceAndItsStateComesBack(out);
    }

    @Test
    void withCertificatesMadeByTheGuidesOpensslCommands() throws Exception {
        ExternalTools.require(ExternalTools.versionLine("openssl", "version").isPresent(), "openssl");
        Path caDir = Files.createDirectories(temp.resolve("my-ca"));
        Path out = Files.createDirectories(temp.resolve("dic-out"));
        // Step 1 of the guide, verbatim.
        openssl(caDir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "CA.key");
        openssl(
                caDir,
                "req",
                "-new",
                "-x509",
                "-days",
                "1826",
                "-key",
                "CA.key",
                "-out",
                "CA.crt",
                "-subj",
                "/CN=DIC CA");
        for (String[] leaf : new String[][] {{"device", "DIC_2"}, {"explorer", "DIC_EXPLORER"}}) {
            String name = leaf[0];
            openssl(out, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", name + ".key");
            openssl(out, "req", "-new", "-key", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + leaf[1]);
            openssl(
                    out,
                    "x509",
                    "-req",
                    "-in",
                    name + ".csr",
                    "-CA",
                    caDir.resolve("CA.crt").toString(),
                    "-CAkey",
                    caDir.resolve("CA.key").toString(),
                    "-CAcreateserial",
                    "-out",
                    name + ".crt",
                    "-days",
                    "360");
        }
        String deviceCrt = Files.readString(out.resolve("device.crt"));

        provision(out, "--ca-dir", caDir.toString());

        assertThat(Files.readString(out.resolve("device.crt")))
                .as("the openssl certificate is used, not replaced")
                .isEqualTo(deviceCrt);
        assertThat(out.resolve("CA.key")).as("the user's CA stays where it is").doesNotExist();
        theExplorersToggleReachesTheDeviceAndItsStateComesBack(out);
    }

    private void provision(Path out, String... more) {
        List<String> args = new ArrayList<>(
                List.of("dic", "provision", "--connection", connectionFile.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        assertThat(ThingcoreCommand.commandLine().execute(args.toArray(String[]::new)))
                .as("thingcore dic provision")
                .isZero();
    }

    private void theExplorersToggleReachesTheDeviceAndItsStateComesBack(Path out) throws Exception {
        ProvisionedClient explorerFiles = ProvisionedClient.read(out, ProvisionedClient.Role.EXPLORER);
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        MqttClient explorer = MqttClient.connect(
                        group,
                        tls(explorerFiles),
                        MqttClientOptions.of(explorerFiles.host(), explorerFiles.port(), explorerFiles.clientId()),
                        (topic, payload, qos, retain) ->
                                seen.add(topic + " " + payload.toString(StandardCharsets.UTF_8)))
                .get(10, TimeUnit.SECONDS);
        assertThat(explorer.subscribe(List.of("light/#"), MqttQoS.AT_MOST_ONCE).get(5, TimeUnit.SECONDS))
                .containsExactly(0);

        // The board's view: only what the firmware files it is built with say.
        DeviceConfig board = FirmwareFiles.read(out.resolve(FirmwareFiles.DIRECTORY), Firmware.DIC);
        assertThat(board.clientId()).isEqualTo("DIC_2");
        assertThat(board.host()).isEqualTo("localhost");
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        // As the firmware connects: TLS 1.2 with its suites and no SNI, client ID = thing name, keep-alive 0.
        try (SimulatedDevice device = new SimulatedDevice(
                group.next(),
                ClientTls.fromPem(
                        board.deviceCertificatePem(),
                        board.deviceKeyPem(),
                        board.caCertificatePem(),
                        TlsEngine.AUTO,
                        TlsProfile.FIRMWARE_WITHOUT_SNI),
                MqttClientOptions.of(board.host(), board.port(), board.clientId()),
                DicApp.Kind.LIGHTING,
                FirmwareProfile.of(Firmware.DIC, board.clientId()),
                log::add)) {
            device.start().get(10, TimeUnit.SECONDS);
            // The firmware publishes on attribute changes only, never on connect.
            assertThat(seen.poll(1, TimeUnit.SECONDS)).isNull();

            explorer.publish("command", "toggle", MqttQoS.AT_MOST_ONCE, false).get(5, TimeUnit.SECONDS);
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("light/state on");
            explorer.publish("command", "toggle", MqttQoS.AT_MOST_ONCE, false).get(5, TimeUnit.SECONDS);
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("light/state off");
        }
        assertThat(log).anyMatch(l -> l.contains("toggle: OnOff off -> on"));
        explorer.disconnect().get(5, TimeUnit.SECONDS);
    }

    private static ClientTls tls(ProvisionedClient files) {
        return ClientTls.fromPemFiles(files.certificate(), files.key(), files.serverCa(), TlsEngine.AUTO);
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("openssl " + String.join(" ", args) + ": " + output)
                .isZero();
    }
}
