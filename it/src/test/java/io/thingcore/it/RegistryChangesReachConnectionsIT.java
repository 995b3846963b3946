package io.thingcore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.server.ConnectionInfo;
import io.thingcore.testkit.AwsClients;
import io.thingcore.testkit.InProcessGateway;
import io.thingcore.testkit.RegisteredDevice;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

/**
 * The gateway as wired by the server module: what the AWS SDK changes in the registry reaches live MQTT connections
 * (issue 3): the device connects with a certificate registered through the API, a deactivation through the API
 * disconnects it at once, and a policy swapped through the API applies to its next operation.
 */
class RegistryChangesReachConnectionsIT {
    private static final String ALLOW_ALL =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    @TempDir
    Path dataDir;

    private InProcessGateway gateway;
    private IotClient iot;
    private RegisteredDevice registered;
    private String certificateId;

    @BeforeEach
    void startGatewayAndRegisterTheDevice() {
        gateway = InProcessGateway.start(dataDir);
        iot = AwsClients.iot(gateway.connection());
        registered = RegisteredDevice.register(
                        iot,
                        new RegisteredDevice.Registration("CN=DIC CA", "CN=DIC_2", "DIC_POLICY", ALLOW_ALL)
                                .withAutoRegistration())
                .attachedTo(iot, "DIC_2");
        certificateId = registered.certificateId();
    }

    @AfterEach
    void stop() {
        iot.close();
        gateway.close();
    }

    @Test
    void deactivatingTheCertificateThroughTheApiDisconnectsTheDeviceAtOnce() throws Exception {
        try (Device device = connect()) {
            iot.updateCertificate(b -> b.certificateId(certificateId).newStatus(CertificateStatus.INACTIVE));
            assertThat(device.lost.await(1, TimeUnit.SECONDS))
                    .as("disconnected within a second")
                    .isTrue();
        }
        assertThatThrownBy(this::connect).isInstanceOf(MqttException.class);
    }

    @Test
    void aPolicyVersionSetThroughTheApiAppliesToTheNextOperation() throws Exception {
        try (Device device = connect()) {
            device.client.subscribe("light/#", 0);
            device.client.publish("light/state", new MqttMessage("on".getBytes()));
            assertThat(device.received.poll(5, TimeUnit.SECONDS)).isEqualTo("light/state=on");

            // A new default version that denies iot:Receive on light topics: the next delivery is skipped.
            iot.createPolicyVersion(b -> b.policyName("DIC_POLICY")
                    .setAsDefault(true)
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":["
                            + "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
                            + "{\"Effect\":\"Deny\",\"Action\":\"iot:Receive\","
                            + "\"Resource\":\"arn:aws:iot:us-east-1:*:topic/light/*\"}]}"));
            device.client.publish("light/state", new MqttMessage("off".getBytes()));
            device.client.subscribe("lock/#", 0);
            device.client.publish("lock/state", new MqttMessage("locked".getBytes()));
            assertThat(device.received.poll(5, TimeUnit.SECONDS)).isEqualTo("lock/state=locked");
            assertThat(device.received).isEmpty();
        }
    }

    private Device connect() throws Exception {
        ConnectionInfo info = gateway.connection();
        MqttClient client = new MqttClient("ssl://localhost:" + info.mqttPort(), "DIC_2", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(registered.socketFactory(info));
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(5);
        Device device = new Device(client);
        client.setCallback(device);
        client.connect(options);
        return device;
    }

    private static final class Device implements MqttCallback, AutoCloseable {
        final MqttClient client;
        final CountDownLatch lost = new CountDownLatch(1);
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        Device(MqttClient client) {
            this.client = client;
        }

        @Override
        public void connectionLost(Throwable cause) {
            lost.countDown();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(topic + "=" + new String(message.getPayload()));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close(true);
        }
    }
}
