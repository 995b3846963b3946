package io.thingcore.broker.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.MqttBroker;
import io.thingcore.broker.spi.CaRecord;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.testing.LeakWatcher;
import io.thingcore.broker.testing.Received;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.testing.V3Client;
import io.thingcore.broker.testing.V5Client;
import io.thingcore.pki.CertificateIds;
import io.thingcore.policy.PolicyRef;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle events (AWS IoT Developer Guide, "Lifecycle events") seen by a real subscriber (Eclipse Paho) that holds
 * {@code iot:Subscribe} and {@code iot:Receive} on {@code $aws/events/...}: fields, {@code disconnectReason} values,
 * and the rule that client IDs with {@code #} or {@code +} get none.
 */
class LifecycleEventsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger IDS = new AtomicInteger();

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
        ca = TestPki.ca("CN=Lifecycle CA");
        caRecord = directory.registerCa(ca.certificate(), CaStatus.ACTIVE, false, CertificateMode.DEFAULT);
        broker = new MqttBroker(directory, directory);
        port = broker.start(BrokerConfig.builder(pki.serverKey, List.of(pki.serverCertificate))
                .bindHost("127.0.0.1")
                .port(0)
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
    }

    static String id(String base) {
        return base + "-" + IDS.incrementAndGet();
    }

    Device device(List<PolicyRef> policies) {
        Device d = TestPki.device(ca, "CN=" + id("device"));
        directory.register(d.certificate(), caRecord.caCertificateId(), CertificateStatus.ACTIVE, policies);
        return d;
    }

    static PolicyRef allowAll() {
        return TestDirectory.policy("all", TestDirectory.ALLOW_ALL);
    }

    V3Client v3(String clientId, Device d) throws Exception {
        V3Client c = new V3Client(port, clientId, pki.clientContext(d), null);
        clients.add(c);
        return c;
    }

    /** A client allowed everything, subscribed to every lifecycle event of {@code clientId}. */
    V3Client watcher(String clientId) throws Exception {
        V3Client w = v3(id("watcher"), device(List.of(allowAll()))).connect();
        w.client.subscribe(
                new String[] {"$aws/events/presence/+/" + clientId, "$aws/events/subscriptions/+/" + clientId},
                new int[] {1, 1});
        return w;
    }

    static JsonNode next(V3Client watcher, String eventType) throws Exception {
        Received r = watcher.poll(5000);
        assertThat(r).as("a %s event", eventType).isNotNull();
        JsonNode json = JSON.readTree(r.payload());
        assertThat(json.get("eventType").asText()).isEqualTo(eventType);
        assertThat(r.topic())
                .endsWith("/" + eventType + "/" + json.get("clientId").asText());
        return json;
    }

    @Test
    void connectedThenClientDisconnect_withAwsFields() throws Exception {
        String clientId = id("dev");
        V3Client watcher = watcher(clientId);
        Device d = device(List.of(allowAll()));
        V3Client c = v3(clientId, d).connect();

        JsonNode connected = next(watcher, "connected");
        assertThat(connected.get("clientId").asText()).isEqualTo(clientId);
        assertThat(connected.get("timestamp").isIntegralNumber()).isTrue();
        assertThat(connected.get("timestamp").asLong()).isGreaterThan(1_600_000_000_000L);
        assertThat(connected.get("sessionIdentifier").asText()).hasSize(36);
        assertThat(connected.get("principalIdentifier").asText()).isEqualTo(CertificateIds.of(d.certificate()));
        assertThat(connected.get("ipAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(connected.get("versionNumber").isIntegralNumber()).isTrue();
        assertThat(connected.has("thingName")).isFalse();

        c.client.disconnect();
        JsonNode disconnected = next(watcher, "disconnected");
        assertThat(disconnected.get("clientId").asText()).isEqualTo(clientId);
        assertThat(disconnected.get("sessionIdentifier").asText())
                .isEqualTo(connected.get("sessionIdentifier").asText());
        assertThat(disconnected.get("principalIdentifier").asText()).isEqualTo(CertificateIds.of(d.certificate()));
        assertThat(disconnected.get("versionNumber").asLong())
                .isEqualTo(connected.get("versionNumber").asLong());
        assertThat(disconnected.get("clientInitiatedDisconnect").asBoolean()).isTrue();
        assertThat(disconnected.get("disconnectReason").asText()).isEqualTo("CLIENT_INITIATED_DISCONNECT");

        // The next connection of the same client ID has a higher versionNumber and a new session identifier.
        V3Client again = v3(clientId, d).connect();
        JsonNode reconnected = next(watcher, "connected");
        assertThat(reconnected.get("versionNumber").asLong())
                .isGreaterThan(connected.get("versionNumber").asLong());
        assertThat(reconnected.get("sessionIdentifier").asText())
                .isNotEqualTo(connected.get("sessionIdentifier").asText());
        again.client.disconnectForcibly(0, 100, false);
        JsonNode lost = next(watcher, "disconnected");
        assertThat(lost.get("disconnectReason").asText()).isEqualTo("CONNECTION_LOST");
        assertThat(lost.get("clientInitiatedDisconnect").asBoolean()).isFalse();
    }

    @Test
    void takeover_olderConnectionGetsDuplicateClientId() throws Exception {
        String clientId = id("twin");
        V3Client watcher = watcher(clientId);
        Device d = device(List.of(allowAll()));
        V3Client first = v3(clientId, d).connect();
        JsonNode firstConnected = next(watcher, "connected");
        v3(clientId, d).connect();
        assertThat(first.awaitLost(3000)).isTrue();
        List<JsonNode> events = List.of(next(watcher, "connected", "disconnected"), nextAny(watcher));
        JsonNode disconnected = events.stream()
                .filter(e -> e.get("eventType").asText().equals("disconnected"))
                .findFirst()
                .orElseThrow();
        assertThat(disconnected.get("disconnectReason").asText()).isEqualTo("DUPLICATE_CLIENTID");
        assertThat(disconnected.get("clientInitiatedDisconnect").asBoolean()).isFalse();
        assertThat(disconnected.get("sessionIdentifier").asText())
                .isEqualTo(firstConnected.get("sessionIdentifier").asText());
    }

    static JsonNode next(V3Client watcher, String oneType, String otherType) throws Exception {
        JsonNode json = nextAny(watcher);
        assertThat(json.get("eventType").asText()).isIn(oneType, otherType);
        return json;
    }

    static JsonNode nextAny(V3Client watcher) throws Exception {
        Received r = watcher.poll(5000);
        assertThat(r).isNotNull();
        return JSON.readTree(r.payload());
    }

    @Test
    void connectDenied_connectFailedWithAuthorizationFailed() throws Exception {
        String clientId = id("denied");
        V3Client watcher = watcher(clientId);
        Device d = device(List.of(TestDirectory.policy(
                "p", TestDirectory.allow("\"iot:Connect\"", "\"arn:aws:iot:us-east-1:123456789012:client/other\""))));
        assertThat(catchThrowable(() -> v3(clientId, d).connect())).isNotNull();
        JsonNode failed = next(watcher, "connect_failed");
        assertThat(failed.get("clientId").asText()).isEqualTo(clientId);
        assertThat(failed.get("connectFailureReason").asText()).isEqualTo("AUTHORIZATION_FAILED");
        assertThat(failed.get("principalIdentifier").asText()).isEqualTo(CertificateIds.of(d.certificate()));
        assertThat(failed.get("sessionIdentifier").asText()).hasSize(36);
        assertThat(failed.get("ipAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(watcher.poll(300))
                .as("no disconnected event for a refused CONNECT")
                .isNull();
    }

    @Test
    void forbiddenSubscribe_mqtt311_disconnectedWithForbiddenAccess() throws Exception {
        String clientId = id("forbidden");
        V3Client watcher = watcher(clientId);
        Device d = device(List.of(TestDirectory.policy("p", TestDirectory.allow("\"iot:Connect\"", "\"*\""))));
        V3Client c = v3(clientId, d).connect();
        next(watcher, "connected");
        catchThrowable(() -> c.client.subscribe("not/allowed", 1));
        JsonNode disconnected = next(watcher, "disconnected");
        assertThat(disconnected.get("disconnectReason").asText()).isEqualTo("FORBIDDEN_ACCESS");
    }

    @Test
    void subscribedAndUnsubscribed_listTheFilters() throws Exception {
        String clientId = id("subs");
        V3Client watcher = watcher(clientId);
        V3Client c = v3(clientId, device(List.of(allowAll()))).connect();
        next(watcher, "connected");
        c.client.subscribe(new String[] {"light/#", "command"}, new int[] {1, 0});
        JsonNode subscribed = next(watcher, "subscribed");
        assertThat(subscribed.get("clientId").asText()).isEqualTo(clientId);
        assertThat(subscribed.get("topics").isArray()).isTrue();
        assertThat(subscribed.get("topics")).extracting(JsonNode::asText).containsExactly("light/#", "command");
        assertThat(subscribed.get("sessionIdentifier").asText()).hasSize(36);
        assertThat(subscribed.get("principalIdentifier").asText()).hasSize(64);
        c.client.unsubscribe("command");
        JsonNode unsubscribed = next(watcher, "unsubscribed");
        assertThat(unsubscribed.get("topics")).extracting(JsonNode::asText).containsExactly("command");
    }

    @Test
    void clientIdsWithWildcards_getNoEvents() throws Exception {
        V3Client watcher = v3(id("watch-all"), device(List.of(allowAll()))).connect();
        watcher.client.subscribe("$aws/events/presence/connected/+", 1);
        V5Client plus = new V5Client(port, "a+b", pki.clientContext(device(List.of(allowAll()))), null);
        clients.add(plus);
        plus.connect();
        V5Client hash = new V5Client(port, "a#b", pki.clientContext(device(List.of(allowAll()))), null);
        clients.add(hash);
        hash.connect();
        String normal = id("normal");
        v3(normal, device(List.of(allowAll()))).connect();
        // Only the normal client's event arrives.
        Received r = watcher.poll(5000);
        assertThat(r).isNotNull();
        assertThat(r.topic()).isEqualTo("$aws/events/presence/connected/" + normal);
        assertThat(watcher.poll(300)).isNull();
    }

    @Test
    void eventsNeedIotReceive() throws Exception {
        String clientId = id("private");
        Device noReceive = device(List.of(
                TestDirectory.policy("p", TestDirectory.allow("[\"iot:Connect\",\"iot:Subscribe\"]", "\"*\""))));
        V3Client deaf = v3(id("deaf"), noReceive).connect();
        deaf.client.subscribe("$aws/events/presence/+/" + clientId, 1);
        V3Client watcher = watcher(clientId);
        v3(clientId, device(List.of(allowAll()))).connect();
        next(watcher, "connected");
        assertThat(deaf.poll(300)).isNull();
        assertThat(deaf.client.isConnected()).isTrue();
    }
}
