package io.thingcore.broker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.MqttBroker;
import io.thingcore.broker.spi.CaRecord;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.StoredSession;
import io.thingcore.broker.spi.StoredSubscription;
import io.thingcore.broker.testing.InMemorySessionStore;
import io.thingcore.broker.testing.LeakWatcher;
import io.thingcore.broker.testing.NonBlocking;
import io.thingcore.broker.testing.Received;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.testing.V3Client;
import io.thingcore.testkit.mqtt.RawMqttClient;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed and out-of-order packets, raw bytes over TLS, one test per normative statement: the offending connection
 * ends with the right reason (seen in its {@code disconnected} lifecycle event, or on the wire for MQTT 5), while a
 * bystander with a persistent session stays connected, keeps receiving, and its stored session is untouched.
 */
class MalformedPacketsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger IDS = new AtomicInteger();

    static TestPki pki;
    static TestDirectory directory;
    static InMemorySessionStore store;
    static MqttBroker broker;
    static int port;
    static SSLContext rawContext;
    static V3Client bystander;
    static V3Client watcher;
    static String bystanderId;

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki();
        directory = new TestDirectory();
        store = new InMemorySessionStore();
        TestCa ca = TestPki.ca("CN=Malformed CA");
        CaRecord caRecord = directory.registerCa(ca.certificate(), CaStatus.ACTIVE, false, CertificateMode.DEFAULT);
        broker = new MqttBroker(directory, directory, store, Clock.systemUTC());
        port = broker.start(BrokerConfig.builder(pki.serverKey, List.of(pki.serverCertificate))
                .bindHost("127.0.0.1")
                .port(0)
                .accountId("123456789012")
                .build());
        Device d = TestPki.device(ca, "CN=malformed");
        directory.register(
                d.certificate(),
                caRecord.caCertificateId(),
                CertificateStatus.ACTIVE,
                List.of(TestDirectory.policy("all", TestDirectory.ALLOW_ALL)));
        rawContext = pki.clientContext(d);
        bystanderId = "bystander";
        bystander = new V3Client(port, bystanderId, rawContext, null);
        bystander.options.setCleanSession(false);
        bystander.connect();
        bystander.client.subscribe("#", 1);
        watcher = new V3Client(port, "watcher", rawContext, null).connect();
        watcher.client.subscribe("$aws/events/presence/disconnected/+", 1);
    }

    @AfterAll
    static void stop() throws Exception {
        bystander.close();
        watcher.close();
        broker.close();
        directory.close();
        LeakWatcher.assertNoLeaks();
        assertThat(NonBlocking.VIOLATIONS).isEmpty();
    }

    @BeforeEach
    void nothingPending() throws InterruptedException {
        bystander.messages.clear();
        watcher.messages.clear();
    }

    /** The bystander is untouched: connected, stored session intact, and it still receives. */
    @AfterEach
    void othersUntouched() throws Exception {
        assertThat(bystander.client.isConnected()).isTrue();
        StoredSession stored = store.get(bystanderId);
        assertThat(stored).isNotNull();
        assertThat(stored.subscriptions())
                .extracting(StoredSubscription::filter)
                .containsExactly("#");
        bystander.messages.clear();
        MqttMessage m = new MqttMessage("still-here".getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        watcher.client.publish("health/check", m);
        Received r = bystander.poll(5000);
        assertThat(r).isNotNull();
        assertThat(r.text()).isEqualTo("still-here");
    }

    static String id(String base) {
        return base + "-" + IDS.incrementAndGet();
    }

    /** A connected MQTT client on raw bytes. */
    RawMqttClient connected(String clientId, int level) throws Exception {
        RawMqttClient c = RawMqttClient.open(port, rawContext);
        assertThat(c.connect(clientId, level)).as("CONNACK accepted").isTrue();
        return c;
    }

    /** The disconnectReason of {@code clientId}'s disconnected event. */
    String disconnectReason(String clientId) throws Exception {
        for (int i = 0; i < 10; i++) {
            Received r = watcher.poll(5000);
            assertThat(r).as("disconnected event of %s", clientId).isNotNull();
            if (r.topic().endsWith("/" + clientId)) {
                JsonNode json = JSON.readTree(r.payload());
                return json.get("disconnectReason").asText();
            }
        }
        throw new AssertionError("no disconnected event for " + clientId);
    }

    @Test
    void mqtt_3_1_0_1_firstPacketMustBeConnect() throws Exception {
        try (RawMqttClient c = RawMqttClient.open(port, rawContext)) {
            c.send(RawMqttClient.publishPacket("a".getBytes(StandardCharsets.UTF_8), new byte[] {1}, 4));
            assertThat(c.closedByServer(3000)).isTrue();
            assertThat(c.received()).as("no CONNACK, nothing").isEmpty();
        }
        assertThat(bystander.poll(200)).as("the PUBLISH was not routed").isNull();
    }

    /**
     * MQTT 3.1.1 section 3.1.3: a CONNECT whose Will Flag announces a will topic and message it does not hold is closed
     * while it is read, through a real TLS listener, long before the 10 s connect timeout.
     */
    @Test
    void mqtt_3_1_3_connectFlagsAnnounceMissingFields_closedAtOnce() throws Exception {
        byte[] body = {0, 4, 'M', 'Q', 'T', 'T', 4, 0x06, 0, 60, 0, 2, 'i', 'd'};
        try (RawMqttClient c = RawMqttClient.open(port, rawContext)) {
            long start = System.nanoTime();
            c.send(RawMqttClient.packet(0x10, body));
            assertThat(c.closedByServer(9000)).isTrue();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).as("closed after %d ms", millis).isLessThan(2000);
            assertThat(c.received()).as("no CONNACK").isEmpty();
        }
    }

    @Test
    void mqtt_3_1_0_2_secondConnectIsAProtocolViolation() throws Exception {
        String clientId = id("twice");
        try (RawMqttClient c = connected(clientId, 4)) {
            c.send(RawMqttClient.connectPacket(clientId, 4));
            assertThat(c.closedByServer(3000)).isTrue();
        }
        assertThat(disconnectReason(clientId)).isEqualTo("CLIENT_ERROR");
    }

    @Test
    void mqtt_2_2_3_remainingLengthOfMoreThanFourBytes_isMalformed() throws Exception {
        String clientId = id("length");
        try (RawMqttClient c = connected(clientId, 4)) {
            c.send(new byte[] {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
            assertThat(c.closedByServer(3000)).isTrue();
        }
        assertThat(disconnectReason(clientId)).isEqualTo("CLIENT_ERROR");
    }

    @Test
    void mqtt_1_5_3_1_illFormedUtf8InATopic_closesTheConnection() throws Exception {
        String clientId = id("utf8");
        try (RawMqttClient c = connected(clientId, 4)) {
            c.send(RawMqttClient.publishPacket(new byte[] {'a', (byte) 0xC3, 0x28}, new byte[] {1}, 4));
            assertThat(c.closedByServer(3000)).isTrue();
        }
        assertThat(disconnectReason(clientId)).isEqualTo("CLIENT_ERROR");
        assertThat(bystander.poll(200)).as("not routed").isNull();
    }

    @Test
    void mqtt_3_3_2_2_wildcardsInAPublishTopic_closeTheConnection() throws Exception {
        for (String topic : List.of("a/+/b", "a/#")) {
            String clientId = id("wildcard");
            try (RawMqttClient c = connected(clientId, 4)) {
                c.send(RawMqttClient.publishPacket(topic.getBytes(StandardCharsets.UTF_8), new byte[] {1}, 4));
                assertThat(c.closedByServer(3000)).isTrue();
            }
            assertThat(disconnectReason(clientId)).isEqualTo("CLIENT_ERROR");
        }
        assertThat(bystander.poll(200)).as("not routed").isNull();
    }

    @Test
    void aws_packetOver128KB_closesTheConnection() throws Exception {
        String clientId = id("big");
        try (RawMqttClient c = connected(clientId, 4)) {
            byte[] big = RawMqttClient.publishPacket("big".getBytes(StandardCharsets.UTF_8), new byte[128 * 1024], 4);
            try {
                c.send(big);
            } catch (java.io.IOException e) {
                // the server may close before the whole packet is written
            }
            assertThat(c.closedByServer(3000)).isTrue();
        }
        assertThat(disconnectReason(clientId)).isEqualTo("CLIENT_ERROR");
        assertThat(bystander.poll(200)).as("not routed").isNull();
    }

    @Test
    void mqtt5_packetTooLarge_disconnectReason0x95() throws Exception {
        String clientId = id("big5");
        try (RawMqttClient c = connected(clientId, 5)) {
            // Only the fixed header: the size is known from the Remaining Length alone.
            c.send(new byte[] {0x30, (byte) 0x81, (byte) 0x80, 0x08});
            assertThat(c.closedByServer(3000)).isTrue();
            byte[] disconnect = c.received();
            assertThat(disconnect).hasSizeGreaterThanOrEqualTo(3);
            assertThat(disconnect[0] & 0xFF).isEqualTo(0xE0);
            assertThat(disconnect[2] & 0xFF).isEqualTo(0x95);
        }
        assertThat(disconnectReason(clientId)).isEqualTo("CLIENT_ERROR");
    }

    @Test
    void mqtt5_malformedPacket_disconnectReason0x81() throws Exception {
        String clientId = id("malformed5");
        try (RawMqttClient c = connected(clientId, 5)) {
            c.send(RawMqttClient.publishPacket(new byte[] {'a', (byte) 0xFF}, new byte[] {1}, 5));
            assertThat(c.closedByServer(3000)).isTrue();
            byte[] disconnect = c.received();
            assertThat(disconnect).hasSizeGreaterThanOrEqualTo(3);
            assertThat(disconnect[0] & 0xFF).isEqualTo(0xE0);
            assertThat(disconnect[2] & 0xFF).isEqualTo(0x81);
        }
        assertThat(disconnectReason(clientId)).isEqualTo("CLIENT_ERROR");
    }
}
