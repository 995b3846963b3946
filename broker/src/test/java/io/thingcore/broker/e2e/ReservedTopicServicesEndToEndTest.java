package io.thingcore.broker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.MqttBroker;
import io.thingcore.broker.spi.CaRecord;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.ThingRecord;
import io.thingcore.broker.testing.EchoJobsService;
import io.thingcore.broker.testing.LeakWatcher;
import io.thingcore.broker.testing.Received;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.testing.V3Client;
import io.thingcore.broker.testing.V5Client;
import io.thingcore.policy.PolicyRef;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A test service on the reserved-topic SPI ({@code jobs}) behind a real broker, driven by Eclipse Paho over mutual
 * TLS: MQTT 3.1.1 and 5 requests, {@code accepted}/{@code rejected} replies, MQTT 5 request/response, the PUBACK
 * waiting for the service, and the policy.
 */
class ReservedTopicServicesEndToEndTest {
    static final AtomicInteger IDS = new AtomicInteger();
    static final EchoJobsService JOBS = new EchoJobsService();

    static TestPki pki;
    static TestDirectory directory;
    static MqttBroker broker;
    static int port;
    static TestCa ca;
    static CaRecord caRecord;

    final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki();
        directory = new TestDirectory();
        ca = TestPki.ca("CN=Jobs CA");
        caRecord = directory.registerCa(ca.certificate(), CaStatus.ACTIVE, false, CertificateMode.DEFAULT);
        broker = new MqttBroker(directory, directory);
        broker.register(JOBS);
        port = broker.start(
                BrokerConfig.builder(pki.serverKey, List.of(pki.serverCertificate, pki.serverCa.certificate()))
                        .bindHost("127.0.0.1")
                        .port(0)
                        .hostNames(List.of("localhost"))
                        .accountId("123456789012")
                        .build());
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
        directory.close();
        LeakWatcher.assertNoLeaks();
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        JOBS.gates.clear();
    }

    /** A thing named like its client ID, attached to a new certificate with {@code policyJson}. */
    Device thing(String name, String policyJson) {
        directory.things.put(name, new ThingRecord(name, null, Map.of()));
        Device device = TestPki.device(ca, "CN=" + name);
        PolicyRef policy = TestDirectory.policy("p-" + name, policyJson);
        directory.register(
                device.certificate(), caRecord.caCertificateId(), CertificateStatus.ACTIVE, List.of(policy), name);
        return device;
    }

    V3Client v3(String name, String policyJson) throws Exception {
        V3Client c = new V3Client(port, name, pki.clientContext(thing(name, policyJson)), "localhost");
        clients.add(c);
        return c.connect();
    }

    V5Client v5(String name, String policyJson) throws Exception {
        V5Client c = new V5Client(port, name, pki.clientContext(thing(name, policyJson)), "localhost");
        clients.add(c);
        return c.connect();
    }

    static MqttMessage message(String text, int qos) {
        MqttMessage m = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        m.setQos(qos);
        return m;
    }

    @Test
    void mqtt311_acceptedAndRejected() throws Exception {
        String thing = "dev-" + IDS.incrementAndGet();
        V3Client c = v3(thing, TestDirectory.ALLOW_ALL);
        c.client.subscribe("$aws/things/" + thing + "/jobs/get/accepted", 1);
        c.client.subscribe("$aws/things/" + thing + "/jobs/get/rejected", 1);

        c.client.publish("$aws/things/" + thing + "/jobs/get", message("{}", 1));
        Received accepted = c.poll(5000);
        assertThat(accepted).isNotNull();
        assertThat(accepted.topic()).isEqualTo("$aws/things/" + thing + "/jobs/get/accepted");
        assertThat(accepted.text()).isEqualTo("{\"thing\":\"" + thing + "\",\"suffix\":\"get\"}");

        c.client.publish("$aws/things/" + thing + "/jobs/get", message("reject", 1));
        Received rejected = c.poll(5000);
        assertThat(rejected).isNotNull();
        assertThat(rejected.topic()).isEqualTo("$aws/things/" + thing + "/jobs/get/rejected");
    }

    /**
     * AWS IoT Developer Guide, "Jobs device MQTT API operations": the response topics are published to the client that
     * published the command whether or not it subscribed to them, and cannot be subscribed to by other clients (the
     * AWS IoT OTA library subscribes to notify-next only and waits for $next/get/accepted).
     */
    @Test
    void replyReachesTheRequesterWithoutASubscriptionAndNoOtherSubscriber() throws Exception {
        String thing = "dev-" + IDS.incrementAndGet();
        V3Client observer = v3("observer-" + IDS.incrementAndGet(), TestDirectory.ALLOW_ALL);
        observer.client.subscribe("$aws/things/" + thing + "/jobs/#", 1);
        V3Client c = v3(thing, TestDirectory.ALLOW_ALL);

        c.client.publish("$aws/things/" + thing + "/jobs/get", message("{}", 1));

        Received accepted = c.poll(5000);
        assertThat(accepted).isNotNull();
        assertThat(accepted.topic()).isEqualTo("$aws/things/" + thing + "/jobs/get/accepted");
        Received seenByObserver;
        while ((seenByObserver = observer.poll(500)) != null) {
            assertThat(seenByObserver.topic()).doesNotEndWith("/accepted");
        }
    }

    @Test
    void mqtt5_responseTopicAndCorrelationDataEchoed() throws Exception {
        String thing = "dev5-" + IDS.incrementAndGet();
        V5Client c = v5(thing, TestDirectory.ALLOW_ALL);
        c.client.subscribe("$aws/things/" + thing + "/jobs/start-next/accepted", 1);
        c.client.subscribe("reply/" + thing, 1);
        org.eclipse.paho.mqttv5.common.MqttMessage request =
                new org.eclipse.paho.mqttv5.common.MqttMessage("{}".getBytes(StandardCharsets.UTF_8));
        request.setQos(1);
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic("reply/" + thing);
        properties.setCorrelationData(new byte[] {42, 7});
        request.setProperties(properties);

        c.client.publish("$aws/things/" + thing + "/jobs/start-next", request);
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            org.eclipse.paho.mqttv5.common.MqttMessage reply =
                    c.pahoMessages.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(reply).isNotNull();
            assertThat(reply.getProperties().getCorrelationData()).containsExactly(42, 7);
            topics.add(c.poll(0).topic());
        }
        assertThat(topics)
                .containsExactlyInAnyOrder("$aws/things/" + thing + "/jobs/start-next/accepted", "reply/" + thing);
    }

    @Test
    void qos1Request_pubackOnlyAfterTheServiceTookIt() throws Exception {
        String thing = "slow-" + IDS.incrementAndGet();
        V3Client c = v3(thing, TestDirectory.ALLOW_ALL);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        JOBS.gates.add(gate);
        MqttDeliveryToken token = c.client
                .getTopic("$aws/things/" + thing + "/jobs/job-1/update")
                .publish(message("{\"status\":\"SUCCEEDED\"}", 1));
        Thread.sleep(500);
        assertThat(token.isComplete()).isFalse();
        gate.complete(null);
        token.waitForCompletion(5000);
        assertThat(token.isComplete()).isTrue();
        assertThat(token.getException()).isNull();
    }

    @Test
    void mqtt311_requestWithoutPublishPermission_connectionDropped() throws Exception {
        String thing = "ro-" + IDS.incrementAndGet();
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                + "[\"iot:Connect\",\"iot:Subscribe\",\"iot:Receive\"],\"Resource\":\"*\"}]}";
        V3Client c = v3(thing, policy);
        int before = JOBS.requests.size();
        try {
            c.client.publish("$aws/things/" + thing + "/jobs/get", message("{}", 1));
        } catch (Exception expected) {
            // the connection is dropped without PUBACK
        }
        assertThat(c.awaitLost(5000)).isTrue();
        assertThat(JOBS.requests).hasSize(before);
    }
}
