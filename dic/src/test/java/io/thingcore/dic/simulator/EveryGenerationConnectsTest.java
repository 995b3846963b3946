package io.thingcore.dic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.thingcore.client.ClientTls;
import io.thingcore.client.MqttClient;
import io.thingcore.client.MqttClientOptions;
import io.thingcore.client.TlsEngine;
import io.thingcore.dic.endpoint.Target;
import io.thingcore.dic.firmware.DeviceConfig;
import io.thingcore.dic.firmware.Firmware;
import io.thingcore.dic.firmware.FirmwareFiles;
import io.thingcore.dic.output.ProvisionedClient;
import io.thingcore.dic.provision.Progress;
import io.thingcore.dic.provision.ProvisionOptions;
import io.thingcore.dic.provision.Provisioner;
import io.thingcore.dic.testing.GatewayTargets;
import io.thingcore.testkit.InProcessGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 10's point 4: a board of every firmware generation, provisioned with the guide's steps (CA in multi-account
 * mode, automatic registration on, the default policy), connects to a gateway with default settings using only its
 * firmware files and its generation's TLS: the earlier generations without SNI, matter-aws with SNI and a host-name
 * check.
 */
class EveryGenerationConnectsTest {
    @TempDir
    static Path temp;

    private static InProcessGateway gateway;
    private static Target target;
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        gateway = InProcessGateway.start(temp.resolve("data"));
        target = GatewayTargets.of(gateway);
        group = MqttClient.newEventLoopGroup(2);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        gateway.close();
    }

    @ParameterizedTest
    @EnumSource(Firmware.class)
    void aBoardConnectsAsProvisionedWithItsGenerationsTls(Firmware firmware) throws Exception {
        // One output directory: provisioning for another generation reuses everything and rewrites firmware/ only.
        Path out = temp.resolve("dic-out");
        try (var iot = target.iotClient()) {
            new Provisioner(
                            iot,
                            target,
                            ProvisionOptions.builder(out).firmware(firmware).build(),
                            Progress.silent())
                    .run();
        }
        DeviceConfig board = FirmwareFiles.read(out.resolve(FirmwareFiles.DIRECTORY), firmware);
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        MqttClient explorer = explorer(out, seen);
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

        try (SimulatedDevice device = new SimulatedDevice(
                group.next(),
                ClientTls.fromPem(
                        board.deviceCertificatePem(),
                        board.deviceKeyPem(),
                        board.caCertificatePem(),
                        TlsEngine.AUTO,
                        FirmwareProfile.tlsOf(firmware)),
                MqttClientOptions.of(board.host(), board.port(), board.clientId()),
                DicApp.Kind.LIGHTING,
                FirmwareProfile.of(firmware, board.clientId()),
                log::add)) {
            device.start().get(10, TimeUnit.SECONDS);

            device.local("on");
            assertThat(seen.poll(10, TimeUnit.SECONDS))
                    .as(String.join("\n", log))
                    .isEqualTo("light/state on");
            if (firmware.subscribes()) {
                explorer.publish("command", "toggle", MqttQoS.AT_MOST_ONCE, false)
                        .get(5, TimeUnit.SECONDS);
                assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("light/state off");
            }
            assertThat(device.stopped()).isNotDone();
        } finally {
            explorer.disconnect().get(5, TimeUnit.SECONDS);
        }
    }

    private static MqttClient explorer(Path out, BlockingQueue<String> seen) throws Exception {
        ProvisionedClient files = ProvisionedClient.read(out, ProvisionedClient.Role.EXPLORER);
        MqttClient explorer = MqttClient.connect(
                        group,
                        ClientTls.fromPemFiles(files.certificate(), files.key(), files.serverCa(), TlsEngine.AUTO),
                        MqttClientOptions.of(files.host(), files.port(), files.clientId()),
                        (topic, payload, qos, retain) ->
                                seen.add(topic + " " + payload.toString(StandardCharsets.UTF_8)))
                .get(10, TimeUnit.SECONDS);
        assertThat(explorer.subscribe(List.of("light/#"), MqttQoS.AT_MOST_ONCE).get(5, TimeUnit.SECONDS))
                .containsExactly(0);
        return explorer;
    }
}
