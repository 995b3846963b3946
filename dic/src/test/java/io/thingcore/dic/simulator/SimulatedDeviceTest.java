package io.thingcore.dic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.thingcore.client.ClientTls;
import io.thingcore.client.MqttClient;
import io.thingcore.client.MqttClientOptions;
import io.thingcore.client.MqttConnectException;
import io.thingcore.client.TlsEngine;
import io.thingcore.dic.endpoint.Target;
import io.thingcore.dic.output.ProvisionedClient;
import io.thingcore.dic.provision.Progress;
import io.thingcore.dic.provision.ProvisionOptions;
import io.thingcore.dic.provision.ProvisionResult;
import io.thingcore.dic.provision.Provisioner;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.server.Gateway;
import io.thingcore.server.GatewayConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

/** The simulator with the files {@code dic provision} wrote, against a gateway started in-process. */
class SimulatedDeviceTest {
    @TempDir
    Path temp;

    private Gateway gateway;
    private Target target;
    private ProvisionResult provisioned;
    private Path out;
    private EventLoopGroup group;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void provision() throws Exception {
        gateway = Gateway.start(
                GatewayConfig.builder(temp.resolve("data"))
                        .apiPort(0)
                        .mqttPort(0)
                        .build(),
                Clock.systemUTC());
        ConnectionInfo c = gateway.connection();
        target = Target.gateway(
                c.apiEndpoint(),
                c.region(),
                c.accessKeyId(),
                c.secretAccessKey(),
                c.mqttPort(),
                Files.readString(Path.of(c.serverCaFile())),
                "test");
        out = temp.resolve("dic-out");
        try (IotClient iot = target.iotClient()) {
            provisioned = new Provisioner(iot, target, ProvisionOptions.defaults(out), Progress.silent()).run();
        }
        group = MqttClient.newEventLoopGroup(2);
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        gateway.close();
    }

    private SimulatedDevice device(DicApp app) {
        ProvisionedClient files = ProvisionedClient.read(out, ProvisionedClient.Role.DEVICE);
        assertThat(files.clientId()).isEqualTo("DIC_2");
        return new SimulatedDevice(
                group.next(),
                ClientTls.fromPemFiles(files.certificate(), files.key(), files.serverCa(), TlsEngine.AUTO),
                MqttClientOptions.of(files.host(), files.port(), files.clientId())
                        .withKeepAlive(0),
                app,
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), new SplittableRandom(1)),
                log::add);
    }

    private MqttClient explorer(BlockingQueue<String> inbox) throws Exception {
        ProvisionedClient files = ProvisionedClient.read(out, ProvisionedClient.Role.EXPLORER);
        MqttClient explorer = MqttClient.connect(
                        group,
                        ClientTls.fromPemFiles(files.certificate(), files.key(), files.serverCa(), TlsEngine.AUTO),
                        MqttClientOptions.of(files.host(), files.port(), files.clientId()),
                        (topic, payload, qos, retain) ->
                                inbox.add(topic + " " + payload.toString(StandardCharsets.UTF_8)))
                .get(10, TimeUnit.SECONDS);
        assertThat(explorer.subscribe(List.of("light/#"), MqttQoS.AT_MOST_ONCE).get(5, TimeUnit.SECONDS))
                .containsExactly(0);
        return explorer;
    }

    @Test
    void theLightingAppObeysTheExplorersToggleAndReportsItsState() throws Exception {
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        MqttClient explorer = explorer(inbox);
        try (SimulatedDevice device = device(new LightingApp())) {
            device.start().get(10, TimeUnit.SECONDS);
            assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("light/state off");

            explorer.publish("command", "toggle", MqttQoS.AT_MOST_ONCE, false).get(5, TimeUnit.SECONDS);
            assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("light/state on");
            explorer.publish("command", "dance", MqttQoS.AT_MOST_ONCE, false).get(5, TimeUnit.SECONDS);
            explorer.publish("command", "off", MqttQoS.AT_MOST_ONCE, false).get(5, TimeUnit.SECONDS);
            assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("light/state off");
        }
        explorer.disconnect().get(5, TimeUnit.SECONDS);
        assertThat(log).contains("command: unknown command \"dance\" ignored");
    }

    @Test
    void aDroppedDeviceReconnectsWithBackOffAndRepublishesItsState() throws Exception {
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        MqttClient explorer = explorer(inbox);
        String certificateId = provisioned.device().certificateId();
        try (SimulatedDevice device = device(new LightingApp());
                IotClient iot = target.iotClient()) {
            device.start().get(10, TimeUnit.SECONDS);
            assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("light/state off");

            // Deactivating the certificate drops the connection; attempts are refused until it is ACTIVE again.
            iot.updateCertificate(b -> b.certificateId(certificateId).newStatus(CertificateStatus.INACTIVE));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (log.stream().noneMatch(l -> l.startsWith("cannot connect")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(log).anyMatch(l -> l.startsWith("connection lost"));
            assertThat(log).anyMatch(l -> l.startsWith("cannot connect: the gateway refused the certificate"));
            iot.updateCertificate(b -> b.certificateId(certificateId).newStatus(CertificateStatus.ACTIVE));

            assertThat(inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("light/state off");
            assertThat(device.connections()).isEqualTo(2);
        }
        explorer.disconnect().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aRefusedFirstConnectionFailsStartInsteadOfRetryingForever() throws Exception {
        try (IotClient iot = target.iotClient()) {
            iot.updateCertificate(
                    b -> b.certificateId(provisioned.device().certificateId()).newStatus(CertificateStatus.INACTIVE));
        }
        try (SimulatedDevice device = device(new LockApp())) {
            assertThatThrownBy(() -> device.start().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(MqttConnectException.class)
                    .hasMessageContaining("the gateway refused the certificate");
        }
    }
}
