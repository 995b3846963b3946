package io.thingcore.dic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.thingcore.client.MqttClient;
import io.thingcore.client.MqttConnectException;
import io.thingcore.dic.endpoint.Target;
import io.thingcore.dic.firmware.Firmware;
import io.thingcore.dic.output.ProvisionedClient;
import io.thingcore.dic.provision.ProvisionResult;
import io.thingcore.dic.testing.ProvisionedDic;
import io.thingcore.testkit.InProcessGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    private InProcessGateway gateway;
    private ProvisionedDic dic;
    private Target target;
    private ProvisionResult provisioned;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void provision() throws Exception {
        gateway = InProcessGateway.start(temp.resolve("data"));
        dic = ProvisionedDic.provision(gateway, temp.resolve("dic-out"));
        target = dic.target();
        provisioned = dic.result();
    }

    @AfterEach
    void stop() {
        dic.close();
        gateway.close();
    }

    private SimulatedDevice device(DicApp.Kind app, FirmwareProfile profile) {
        assertThat(ProvisionedClient.read(dic.out(), ProvisionedClient.Role.DEVICE)
                        .clientId())
                .isEqualTo("DIC_2");
        return dic.device(app, profile, log::add);
    }

    private SimulatedDevice device(DicApp.Kind app, Firmware firmware) {
        return device(app, FirmwareProfile.of(firmware, "DIC_2"));
    }

    private MqttClient explorer(BlockingQueue<String> inbox) throws Exception {
        MqttClient explorer = dic.explorer(
                (topic, payload, qos, retain) -> inbox.add(topic + " " + payload.toString(StandardCharsets.UTF_8)));
        assertThat(explorer.subscribe(List.of("light/#", "lock/#"), MqttQoS.AT_MOST_ONCE)
                        .get(5, TimeUnit.SECONDS))
                .containsExactly(0, 0);
        return explorer;
    }

    private void send(MqttClient explorer, String command) throws Exception {
        explorer.publish("command", command, MqttQoS.AT_LEAST_ONCE, false).get(5, TimeUnit.SECONDS);
    }

    private void awaitLog(String start) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (log.stream().noneMatch(l -> l.startsWith(start)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(log).anyMatch(l -> l.startsWith(start));
    }

    @Test
    void theLightingAppPublishesOnlyOnChangeNeverOnConnect() throws Exception {
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        MqttClient explorer = explorer(inbox);
        try (SimulatedDevice device = device(DicApp.Kind.LIGHTING, Firmware.DIC)) {
            device.start().get(10, TimeUnit.SECONDS);
            send(explorer, "off"); // already off: nothing
            send(explorer, "dance");
            send(explorer, "toggle");
            assertThat(inbox.poll(5, TimeUnit.SECONDS))
                    .as("the first publish is the toggle's, none on connect and none for off")
                    .isEqualTo("light/state on");
            send(explorer, "off/1"); // strtok: the command is "off"
            assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("light/state off");
        }
        explorer.disconnect().get(5, TimeUnit.SECONDS);
        assertThat(log).anyMatch(l -> l.equals("  Command dance not found"));
    }

    @Test
    void aValueStdStoiCannotReadStopsTheDeviceAsTheFirmwareWouldAbort() throws Exception {
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        MqttClient explorer = explorer(inbox);
        try (SimulatedDevice device = device(DicApp.Kind.LIGHTING, Firmware.DIC)) {
            device.start().get(10, TimeUnit.SECONDS);
            send(explorer, "on/xyz");
            assertThat(device.stopped().get(10, TimeUnit.SECONDS)).isEqualTo(SimulatedDevice.Stop.CRASHED);
        }
        explorer.disconnect().get(5, TimeUnit.SECONDS);
        assertThat(log).anyMatch(l -> l.contains("std::invalid_argument") && l.contains("would abort"));
    }

    @Test
    void theFirstGenerationDoesNotSubscribeButPublishesLocalChanges() throws Exception {
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        MqttClient explorer = explorer(inbox);
        try (SimulatedDevice device = device(DicApp.Kind.LOCK, Firmware.DIC_V1)) {
            device.start().get(10, TimeUnit.SECONDS);
            send(explorer, "unlock");
            device.local("unlock");
            assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("lock/state unlock");
            assertThat(inbox.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
        explorer.disconnect().get(5, TimeUnit.SECONDS);
        assertThat(log).noneMatch(l -> l.startsWith("command"));
    }

    @Test
    void aDroppedDeviceStopsBecauseTheFirmwareDoesNotReconnect() throws Exception {
        try (SimulatedDevice device = device(DicApp.Kind.LIGHTING, Firmware.DIC);
                IotClient iot = target.iotClient()) {
            device.start().get(10, TimeUnit.SECONDS);
            iot.updateCertificate(
                    b -> b.certificateId(provisioned.device().certificateId()).newStatus(CertificateStatus.INACTIVE));
            assertThat(device.stopped().get(10, TimeUnit.SECONDS)).isEqualTo(SimulatedDevice.Stop.CONNECTION_LOST);
            assertThat(device.connections()).isEqualTo(1);
        }
        assertThat(log).contains(SimulatedDevice.NO_RECONNECT);
    }

    @Test
    void withReconnectADroppedDeviceComesBack() throws Exception {
        String certificateId = provisioned.device().certificateId();
        FirmwareProfile profile = FirmwareProfile.of(Firmware.DIC, "DIC_2")
                .withReconnect(new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), new SplittableRandom(1)));
        try (SimulatedDevice device = device(DicApp.Kind.LIGHTING, profile);
                IotClient iot = target.iotClient()) {
            device.start().get(10, TimeUnit.SECONDS);
            iot.updateCertificate(b -> b.certificateId(certificateId).newStatus(CertificateStatus.INACTIVE));
            awaitLog("cannot connect");
            iot.updateCertificate(b -> b.certificateId(certificateId).newStatus(CertificateStatus.ACTIVE));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (device.connections() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(device.connections()).isEqualTo(2);
            assertThat(device.stopped()).isNotDone();
        }
    }

    @Test
    void otaWithoutAPendingJobAsksTheGatewayOverItsJobsTopicsAndStaysConnected() throws Exception {
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        MqttClient explorer = explorer(inbox);
        FirmwareProfile profile = FirmwareProfile.of(Firmware.DIC, "DIC_2").withOta(true, null);
        try (SimulatedDevice device = device(DicApp.Kind.LIGHTING, profile)) {
            device.start().get(10, TimeUnit.SECONDS);
            send(explorer, "ota");
            awaitLog("OTA agent: no pending job");
            assertThat(device.stopped()).isNotDone();
        }
        explorer.disconnect().get(5, TimeUnit.SECONDS);
        assertThat(log)
                .contains("OTA agent: subscribing to $aws/things/DIC_2/jobs/notify-next (QoS 1)")
                .contains("OTA agent: publishing to $aws/things/DIC_2/jobs/$next/get (QoS 1)");
    }

    @Test
    void withoutTheOtaBuildFlagOtaIsNotFound() throws Exception {
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        MqttClient explorer = explorer(inbox);
        try (SimulatedDevice device = device(DicApp.Kind.LIGHTING, Firmware.DIC)) {
            device.start().get(10, TimeUnit.SECONDS);
            send(explorer, "ota");
            send(explorer, "on");
            assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("light/state on");
        }
        explorer.disconnect().get(5, TimeUnit.SECONDS);
        assertThat(log).contains("  Command ota not found");
    }

    @Test
    void aRefusedFirstConnectionFailsStart() throws Exception {
        try (IotClient iot = target.iotClient()) {
            iot.updateCertificate(
                    b -> b.certificateId(provisioned.device().certificateId()).newStatus(CertificateStatus.INACTIVE));
        }
        try (SimulatedDevice device = device(DicApp.Kind.LOCK, Firmware.DIC)) {
            assertThatThrownBy(() -> device.start().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(MqttConnectException.class)
                    .hasMessageContaining("the gateway refused the certificate");
            assertThat(device.stopped().get(5, TimeUnit.SECONDS)).isEqualTo(SimulatedDevice.Stop.CONNECTION_LOST);
        }
    }
}
