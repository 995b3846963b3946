package io.thingcore.broker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.MqttBroker;
import io.thingcore.broker.spi.CaRecord;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.StoredMessage;
import io.thingcore.broker.spi.StoredSession;
import io.thingcore.broker.spi.StoredSubscription;
import io.thingcore.broker.testing.InMemorySessionStore;
import io.thingcore.broker.testing.LeakWatcher;
import io.thingcore.broker.testing.NonBlocking;
import io.thingcore.broker.testing.Received;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.testing.V3Client;
import io.thingcore.broker.testing.V5Client;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Persistent sessions through the {@code SessionStore} SPI, with Eclipse Paho over mutual TLS: queued QoS 1 messages
 * survive a broker restart, a PUBACK waits for the store, acknowledged messages leave it, expiry is clamped and
 * counted across restarts, and no store call ever runs on an event loop.
 */
class DurableSessionsTest {
    static final AtomicInteger IDS = new AtomicInteger();
    static TestPki pki;
    static TestDirectory directory;
    static TestCa ca;
    static CaRecord caRecord;

    InMemorySessionStore store = new InMemorySessionStore();
    MqttBroker broker;
    int port;
    final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeAll
    static void pki() {
        pki = new TestPki();
        directory = new TestDirectory();
        ca = TestPki.ca("CN=Durable CA");
        caRecord = directory.registerCa(ca.certificate(), CaStatus.ACTIVE, false, CertificateMode.DEFAULT);
    }

    @AfterAll
    static void leaks() throws Exception {
        directory.close();
        LeakWatcher.assertNoLeaks();
        assertThat(NonBlocking.VIOLATIONS).isEmpty();
    }

    @BeforeEach
    void start() throws Exception {
        startBroker();
    }

    void startBroker() throws Exception {
        broker = new MqttBroker(directory, directory, store, Clock.systemUTC());
        port = broker.start(BrokerConfig.builder(pki.serverKey, List.of(pki.serverCertificate))
                .bindHost("127.0.0.1")
                .port(0)
                .accountId("123456789012")
                .build());
    }

    void restartBroker() throws Exception {
        broker.close();
        startBroker();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        store.release();
        broker.close();
        assertThat(NonBlocking.VIOLATIONS).isEmpty();
    }

    static String id(String base) {
        return base + "-" + IDS.incrementAndGet();
    }

    Device device() {
        Device d = TestPki.device(ca, "CN=" + id("device"));
        directory.register(
                d.certificate(),
                caRecord.caCertificateId(),
                CertificateStatus.ACTIVE,
                List.of(TestDirectory.policy("all", TestDirectory.ALLOW_ALL)));
        return d;
    }

    V3Client v3(String clientId, Device d, boolean cleanSession) throws Exception {
        V3Client c = new V3Client(port, clientId, pki.clientContext(d), null);
        c.options.setCleanSession(cleanSession);
        clients.add(c);
        return c;
    }

    static MqttMessage message(String text) {
        MqttMessage m = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        return m;
    }

    @Test
    void queuedQos1Messages_surviveRestart_deliveredOnceEach_thenLeaveTheStore() throws Exception {
        Device d = device();
        String clientId = id("persistent");
        String topic = id("queued");
        V3Client subscriber = v3(clientId, d, false).connect();
        subscriber.client.subscribe(topic, 1);
        subscriber.client.disconnect();
        V3Client publisher = v3(id("pub"), d, true).connect();
        for (int i = 0; i < 20; i++) {
            publisher.client.publish(topic, message("m" + i));
        }
        // Every PUBACK came after the store had the message.
        assertThat(store.get(clientId).messages()).hasSize(20);

        restartBroker();

        V3Client again = v3(clientId, d, false);
        boolean present = again.client.connectWithResult(again.options).getSessionPresent();
        assertThat(present).isTrue();
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Received r = again.poll(5000);
            assertThat(r).as("message %d", i).isNotNull();
            received.add(r.text());
        }
        assertThat(received)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20)
                        .mapToObj(i -> "m" + i)
                        .toList());
        assertThat(again.poll(300)).isNull();
        // The restored subscription still routes, and PUBACKs removed everything from the store.
        V3Client publisher2 = v3(id("pub"), d, true).connect();
        publisher2.client.publish(topic, message("live"));
        assertThat(again.poll(5000).text()).isEqualTo("live");
        waitUntil(() -> store.get(clientId).messages().isEmpty());
        assertThat(store.get(clientId).subscriptions())
                .extracting(StoredSubscription::filter)
                .containsExactly(topic);
    }

    @Test
    void pubackWaitsUntilTheStoreHasTheMessage() throws Exception {
        Device d = device();
        String clientId = id("slow-store");
        String topic = id("t");
        V3Client subscriber = v3(clientId, d, false).connect();
        subscriber.client.subscribe(topic, 1);
        subscriber.client.disconnect();
        V3Client publisher = v3(id("pub"), d, true).connect();
        store.hold();
        CompletableFuture<Void> published = CompletableFuture.runAsync(() -> {
            try {
                publisher.client.publish(topic, message("held"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500);
        assertThat(published).as("no PUBACK before the store write").isNotDone();
        store.release();
        published.get(5, TimeUnit.SECONDS);
        assertThat(store.get(clientId).messages())
                .extracting(StoredMessage::topic)
                .containsExactly(topic);
    }

    @Test
    void subackAndUnsubackWaitUntilTheStoreHasTheChange() throws Exception {
        Device d = device();
        String clientId = id("slow-subscribe");
        String topic = id("t");
        V3Client subscriber = v3(clientId, d, false).connect();
        store.hold();
        CompletableFuture<Void> subscribed = CompletableFuture.runAsync(() -> {
            try {
                subscriber.client.subscribe(topic, 1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500);
        assertThat(subscribed).as("no SUBACK before the store write").isNotDone();
        store.release();
        subscribed.get(5, TimeUnit.SECONDS);
        assertThat(store.get(clientId).subscriptions())
                .extracting(StoredSubscription::filter)
                .containsExactly(topic);

        store.hold();
        CompletableFuture<Void> unsubscribed = CompletableFuture.runAsync(() -> {
            try {
                subscriber.client.unsubscribe(topic);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500);
        assertThat(unsubscribed).as("no UNSUBACK before the store write").isNotDone();
        store.release();
        unsubscribed.get(5, TimeUnit.SECONDS);
        assertThat(store.get(clientId).subscriptions()).isEmpty();
    }

    @Test
    void cleanSessionClients_neverTouchTheStore() throws Exception {
        Device d = device();
        int before = store.batches;
        V3Client c = v3(id("clean"), d, true).connect();
        c.client.subscribe(id("x"), 1);
        c.client.publish("nobody/listens", message("x"));
        c.client.disconnect();
        Thread.sleep(100);
        assertThat(store.batches).isEqualTo(before);
    }

    @Test
    void mqtt5SessionExpiry_clampedToTheMaximum_andRestartKeepsIt() throws Exception {
        Device d = device();
        String clientId = id("v5");
        V5Client c = new V5Client(port, clientId, pki.clientContext(d), null);
        clients.add(c);
        c.options.setCleanStart(false);
        c.options.setSessionExpiryInterval(7L * 24 * 3600);
        c.connect();
        c.client.subscribe("v5/topic", 1);
        waitUntil(() -> store.get(clientId) != null
                && !store.get(clientId).subscriptions().isEmpty());
        assertThat(store.get(clientId).expirySeconds()).isEqualTo(3600);
        c.client.disconnect();
        waitUntil(() -> store.get(clientId).disconnectedAt() != null);
    }

    @Test
    void sessionsExpiredWhileTheBrokerWasDown_areDeletedAtStart() throws Exception {
        String clientId = id("expired");
        store.put(new StoredSession(
                clientId,
                60,
                Instant.now().minus(Duration.ofMinutes(5)),
                List.of(new StoredSubscription("old/topic", 1, false)),
                List.of(new StoredMessage(1, "old/topic", new byte[] {1}, false))));
        String alive = id("alive");
        store.put(new StoredSession(
                alive,
                3600,
                null,
                List.of(new StoredSubscription("alive/topic", 1, false)),
                List.of(new StoredMessage(2, "alive/topic", "kept".getBytes(StandardCharsets.UTF_8), false))));
        restartBroker();
        waitUntil(() -> store.get(clientId) == null);
        // A session whose disconnection was never recorded counts from this start.
        waitUntil(() -> store.get(alive).disconnectedAt() != null);
        V3Client c = v3(alive, device(), false);
        assertThat(c.client.connectWithResult(c.options).getSessionPresent()).isTrue();
        assertThat(c.poll(5000).text()).isEqualTo("kept");
        V3Client gone = v3(clientId, device(), false);
        assertThat(gone.client.connectWithResult(gone.options).getSessionPresent())
                .isFalse();
    }

    @Test
    void cleanStartOverAStoredSession_deletesIt() throws Exception {
        Device d = device();
        String clientId = id("reset");
        V3Client c = v3(clientId, d, false).connect();
        c.client.subscribe("a", 1);
        c.client.disconnect();
        waitUntil(() -> store.get(clientId) != null);
        v3(clientId, d, true).connect();
        waitUntil(() -> store.get(clientId) == null);
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
