package io.thingcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.pki.Pem;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.testkit.AwsClients;
import io.thingcore.testkit.InProcessGateway;
import io.thingcore.testkit.MqttTls;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

/**
 * Issue 3: "Restart with a persistent session holding queued QoS 1 messages: all delivered after restart, none twice
 * beyond what QoS 1 allows", against the gateway as the server module wires it (SQLite in the data directory), with
 * Eclipse Paho and a certificate registered through the AWS SDK.
 */
class PersistentSessionSurvivesRestartIT {
    private static final String ALLOW_ALL =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    private static final int MESSAGES = 50;

    @TempDir
    Path dataDir;

    private InProcessGateway gateway;
    private KeyPair deviceKeys;
    private X509Certificate deviceCertificate;
    private final List<MqttClient> clients = new ArrayList<>();

    private InProcessGateway startGateway() {
        return InProcessGateway.start(dataDir);
    }

    @BeforeEach
    void startGatewayAndRegisterTheDevice() {
        gateway = startGateway();
        try (IotClient iot = AwsClients.iot(gateway.connection())) {
            TestCa ca = TestPki.ca("CN=DIC CA");
            var issued = TestPki.deviceV1(ca, "CN=DIC_2");
            deviceKeys = issued.keys();
            deviceCertificate = issued.certificate();
            iot.registerCACertificate(b -> b.caCertificate(Pem.write(ca.certificate()))
                    .certificateMode(CertificateMode.SNI_ONLY)
                    .setAsActive(true));
            iot.createPolicy(b -> b.policyName("DIC_POLICY").policyDocument(ALLOW_ALL));
            var registered = iot.registerCertificate(b -> b.certificatePem(Pem.write(deviceCertificate))
                    .caCertificatePem(Pem.write(ca.certificate()))
                    .status(CertificateStatus.ACTIVE));
            iot.attachPolicy(b -> b.policyName("DIC_POLICY").target(registered.certificateArn()));
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnect(1000);
            }
            c.close(true);
        }
        gateway.close();
    }

    @Test
    void queuedQos1Messages_allDeliveredOnceAfterRestart() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MqttClient device = client("DIC_2", received);
        device.connect(options(false));
        device.subscribe("command", 1);
        device.disconnect();

        MqttClient explorer = client("DIC_Explorer", new LinkedBlockingQueue<>());
        explorer.connect(options(true));
        for (int i = 0; i < MESSAGES; i++) {
            MqttMessage m = new MqttMessage(("toggle-" + i).getBytes());
            m.setQos(1);
            // Returns once the gateway's PUBACK arrived: from then on the message must not be lost.
            explorer.publish("command", m);
        }
        explorer.disconnect();

        gateway.close();
        gateway = startGateway();

        MqttClient again = client("DIC_2", received);
        boolean sessionPresent = again.connectWithResult(options(false)).getSessionPresent();
        assertThat(sessionPresent).as("session present after the restart").isTrue();
        List<String> got = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            String message = received.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("message %d of %d", i, MESSAGES).isNotNull();
            got.add(message);
        }
        assertThat(received.poll(500, TimeUnit.MILLISECONDS))
                .as("nothing twice")
                .isNull();
        assertThat(got)
                .containsExactlyElementsOf(IntStream.range(0, MESSAGES)
                        .mapToObj(i -> "command=toggle-" + i)
                        .toList());

        // The restored subscription routes new messages too.
        MqttClient explorer2 = client("DIC_Explorer", new LinkedBlockingQueue<>());
        explorer2.connect(options(true));
        explorer2.publish("command", new MqttMessage("on".getBytes()));
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("command=on");
    }

    private MqttClient client(String clientId, BlockingQueue<String> received) throws Exception {
        ConnectionInfo info = gateway.connection();
        MqttClient client = new MqttClient("ssl://localhost:" + info.mqttPort(), clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(topic + "=" + new String(message.getPayload()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        clients.add(client);
        return client;
    }

    private MqttConnectOptions options(boolean cleanSession) throws Exception {
        ConnectionInfo info = gateway.connection();
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(MqttTls.socketFactory(
                deviceCertificate, deviceKeys.getPrivate(), Path.of(info.serverCaFile()), info.mqttHost()));
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(5);
        options.setCleanSession(cleanSession);
        return options;
    }
}
