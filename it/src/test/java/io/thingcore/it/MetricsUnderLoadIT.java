package io.thingcore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.pki.Pem;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.testkit.AwsClients;
import io.thingcore.testkit.InProcessGateway;
import io.thingcore.testkit.RegisteredDevice;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * {@code /_thingcore/metrics} scraped while real MQTT clients (Eclipse Paho, MQTT 3.1.1 over mutual TLS) publish a
 * few hundred QoS 0 and QoS 1 messages: every counter moves by what the load did, and no counter ever goes down
 * between two scrapes taken during it.
 */
class MetricsUnderLoadIT {
    private static final int MESSAGES_PER_QOS = 200;
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
            + "{\"Effect\":\"Deny\",\"Action\":\"iot:Publish\",\"Resource\":\"arn:aws:iot:*:*:topic/denied/*\"}]}";

    @TempDir
    Path dataDir;

    private InProcessGateway gateway;
    private IotClient iot;
    private RegisteredDevice device;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startGatewayAndRegisterTheDevice() {
        gateway = InProcessGateway.start(dataDir);
        iot = AwsClients.iot(gateway.connection());
        device = RegisteredDevice.register(
                iot, new RegisteredDevice.Registration("CN=Metrics CA", "CN=sensor", "SENSOR", POLICY));
        assertThatThrownBy(() -> iot.describeThing(b -> b.thingName("absent")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @AfterEach
    void stop() {
        http.close();
        iot.close();
        gateway.close();
    }

    @Test
    void everyCounterMovesAsTheLoadSays() throws Exception {
        String url = gateway.connection().metricsUrl();
        Map<String, Double> before = scrape(url);

        AtomicInteger received = new AtomicInteger();
        MqttClient subscriber = connect("subscriber");
        subscriber.subscribe("load/#", 1, (topic, message) -> received.incrementAndGet());
        MqttClient publisher = connect("publisher");
        assertThat(scrape(url)).containsEntry("thingcore_mqtt_connections", 2.0);

        // Scrapes taken while the load runs: a counter that ever went down would show here.
        AtomicBoolean loading = new AtomicBoolean(true);
        List<Double> receivedDuringLoad = new CopyOnWriteArrayList<>();
        Thread scraper = new Thread(() -> {
            while (loading.get()) {
                try {
                    Map<String, Double> m = scrape(url);
                    receivedDuringLoad.add(m.get("thingcore_mqtt_messages_received_total{qos=\"0\"}")
                            + m.get("thingcore_mqtt_messages_received_total{qos=\"1\"}"));
                    Thread.sleep(5);
                } catch (Exception e) {
                    return;
                }
            }
        });
        scraper.start();
        for (int i = 0; i < MESSAGES_PER_QOS; i++) {
            publisher.publish("load/qos0", ("m" + i).getBytes(), 0, false);
            publisher.publish("load/qos1", ("m" + i).getBytes(), 1, false);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received.get() < 2 * MESSAGES_PER_QOS && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        loading.set(false);
        scraper.join();

        // One client whose policy denies its publish (AWS IoT closes an MQTT 3.1.1 client for it), one TLS client
        // without a certificate.
        MqttClient denied = connect("denied");
        denied.publish("denied/x", "no".getBytes(), 0, false);
        refusedWithoutClientCertificate();
        close(denied);

        Map<String, Double> after = awaitScrape(
                url,
                m -> delta(before, m, "thingcore_mqtt_refusals_total{reason=\"no_client_certificate\"}") >= 1
                        && delta(before, m, "thingcore_mqtt_messages_dropped_total{reason=\"publish_not_authorized\"}")
                                >= 1);
        close(publisher);
        close(subscriber);

        assertThat(receivedDuringLoad)
                .as("scrapes during the load")
                .hasSizeGreaterThan(1)
                .isSorted();
        assertThat(received.get()).isEqualTo(2 * MESSAGES_PER_QOS);
        assertThat(after.get("thingcore_mqtt_connections")).isEqualTo(2.0);
        assertThat(delta(before, after, "thingcore_mqtt_connections_total")).isEqualTo(3);
        assertThat(delta(before, after, "thingcore_tcp_connections_total")).isEqualTo(4);
        assertThat(delta(before, after, "thingcore_tls_handshakes_total{result=\"succeeded\"}"))
                .isEqualTo(3);
        assertThat(delta(before, after, "thingcore_tls_handshakes_total{result=\"failed\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "thingcore_mqtt_refusals_total{reason=\"no_client_certificate\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "thingcore_mqtt_refusals_total{reason=\"connect_not_authorized\"}"))
                .isZero();
        assertThat(delta(before, after, "thingcore_mqtt_messages_received_total{qos=\"0\"}"))
                .isEqualTo(MESSAGES_PER_QOS + 1);
        assertThat(delta(before, after, "thingcore_mqtt_messages_received_total{qos=\"1\"}"))
                .isEqualTo(MESSAGES_PER_QOS);
        assertThat(delta(before, after, "thingcore_mqtt_messages_sent_total{qos=\"0\"}"))
                .isEqualTo(MESSAGES_PER_QOS);
        assertThat(delta(before, after, "thingcore_mqtt_messages_sent_total{qos=\"1\"}"))
                .isEqualTo(MESSAGES_PER_QOS);
        assertThat(delta(before, after, "thingcore_mqtt_messages_dropped_total{reason=\"publish_not_authorized\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "thingcore_mqtt_messages_dropped_total{reason=\"slow_subscriber\"}"))
                .isZero();
        assertThat(after)
                .containsEntry("thingcore_mqtt_queued_messages", 0.0)
                .containsEntry("thingcore_api_calls_total{operation=\"RegisterCertificate\"}", 1.0)
                .containsEntry("thingcore_api_calls_total{operation=\"DescribeThing\"}", 1.0)
                .containsEntry(
                        "thingcore_api_errors_total{operation=\"DescribeThing\",error_type=\"ResourceNotFoundException\"}",
                        1.0);
        assertThat(after.get("jvm_memory_used_bytes{area=\"heap\"}")).isPositive();
    }

    private MqttClient connect(String clientId) throws Exception {
        ConnectionInfo info = gateway.connection();
        MqttClient client = new MqttClient("ssl://localhost:" + info.mqttPort(), clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(device.socketFactory(info));
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        options.setMaxInflight(MESSAGES_PER_QOS);
        client.connect(options);
        return client;
    }

    private static void close(MqttClient client) throws MqttException {
        if (client.isConnected()) {
            client.disconnect(1000);
        }
        client.close(true);
    }

    /** A TLS client that trusts the gateway but has no certificate of its own: the broker refuses the handshake. */
    private void refusedWithoutClientCertificate() throws Exception {
        ConnectionInfo info = gateway.connection();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server-ca", Pem.readCertificate(Files.readString(Path.of(info.serverCaFile()))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", info.mqttPort())) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            InputStream in = socket.getInputStream();
            assertThat(in.read()).as("the broker closes the connection").isEqualTo(-1);
        } catch (IOException expected) {
            // TLS 1.2 fails the handshake itself; TLS 1.3 reports the server's alert on the first read
        }
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        return after.getOrDefault(series, 0.0) - before.getOrDefault(series, 0.0);
    }

    private Map<String, Double> awaitScrape(String url, java.util.function.Predicate<Map<String, Double>> condition)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Map<String, Double> last = scrape(url);
        while (!condition.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = scrape(url);
        }
        return last;
    }

    /** One scrape as {@code name{labels}} to value. */
    private Map<String, Double> scrape(String url) throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        List<String> lines = new ArrayList<>(response.body().lines().toList());
        for (String line : lines) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }
}
