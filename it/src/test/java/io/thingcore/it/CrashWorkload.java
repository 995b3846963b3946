package io.thingcore.it;

import io.thingcore.pki.Pem;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.testkit.AwsClients;
import io.thingcore.testkit.MqttTls;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

/**
 * The load the crash tests put on a gateway while they kill it: Eclipse Paho publishers sending QoS 1 messages
 * into two persistent sessions (one subscriber online throughout, one offline while the messages are sent), a
 * publisher of retained messages, and an AWS SDK v2 client making registry writes. It remembers what the gateway
 * acknowledged (a PUBACK, an HTTP 200) so that {@link #verify} can check every acknowledged thing is still there
 * after any number of kills.
 */
final class CrashWorkload {
    static final String TOPIC = "crash/load";
    static final String RETAINED_PREFIX = "crash/retained/";
    static final int RETAINED_TOPICS = 5;
    static final String ONLINE_SUBSCRIBER = "crash-online";
    static final String OFFLINE_SUBSCRIBER = "crash-offline";
    private static final String POLICY = "crash-policy";
    private static final String ALLOW_ALL =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    /**
     * Retained messages are kept in memory only (docs/aws-compatibility.md: "Retained messages across restarts: not
     * yet"), so after a restart there are none; the check asserts exactly that until they are stored, then every
     * acknowledged value must be found again.
     */
    static final boolean RETAINED_SURVIVE_RESTART = false;

    private static final int PUBLISHERS = 2;
    /** Per publisher and cycle: two publishers stay well under the 1,000 messages an offline session may queue. */
    private static final int MESSAGES_PER_CYCLE = 300;

    private final TestCa ca = TestPki.ca("CN=Crash CA");
    private final Device device = TestPki.deviceV1(ca, "CN=crash-device");

    /** Every QoS 1 publish attempted, by payload; true once the gateway acknowledged it. */
    private final ConcurrentMap<String, Boolean> sent = new ConcurrentHashMap<>();
    /** How often each subscriber received each payload. */
    private final Map<String, ConcurrentMap<String, AtomicInteger>> received = Map.of(
            ONLINE_SUBSCRIBER, new ConcurrentHashMap<>(),
            OFFLINE_SUBSCRIBER, new ConcurrentHashMap<>());
    /** Per retained topic, every value attempted in order; {@link Attempt#acknowledged} once PUBACKed. */
    private final Map<String, List<Attempt>> retained = new ConcurrentHashMap<>();
    /** Registry writes answered 200, in order, as "operation name". */
    private final List<String> apiWrites = new CopyOnWriteArrayList<>();

    private final AtomicLong apiAttempts = new AtomicLong();
    private final AtomicInteger retainedSequence = new AtomicInteger();
    private final AtomicInteger apiSequence = new AtomicInteger();
    private String certificateArnForMqtt;

    /** One publish of a retained value, and whether the gateway acknowledged it. */
    static final class Attempt {
        final String value;
        volatile boolean acknowledged;

        Attempt(String value) {
            this.value = value;
        }
    }

    /** Registers the CA, the policy and the device certificate the MQTT clients use. */
    void register(ConnectionInfo connection) {
        try (IotClient iot = AwsClients.iot(connection)) {
            iot.registerCACertificate(b -> b.caCertificate(Pem.write(ca.certificate()))
                    .certificateMode(CertificateMode.SNI_ONLY)
                    .setAsActive(true));
            iot.createPolicy(b -> b.policyName(POLICY).policyDocument(ALLOW_ALL));
            certificateArnForMqtt = iot.registerCertificate(b -> b.certificatePem(Pem.write(device.certificate()))
                            .caCertificatePem(Pem.write(ca.certificate()))
                            .status(CertificateStatus.ACTIVE))
                    .certificateArn();
            iot.attachPolicy(b -> b.policyName(POLICY).target(certificateArnForMqtt));
        }
    }

    /**
     * Connects a subscriber to its persistent session, creating the subscription the first time.
     *
     * @return whether the gateway said the session was present
     */
    boolean connectSubscriber(ConnectionInfo connection, String clientId, List<MqttClient> open, boolean subscribe)
            throws MqttException {
        MqttClient client = client(connection, clientId);
        ConcurrentMap<String, AtomicInteger> counts = received.get(clientId);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                counts.computeIfAbsent(
                                new String(message.getPayload(), StandardCharsets.UTF_8), k -> new AtomicInteger())
                        .incrementAndGet();
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        boolean present = client.connectWithResult(options(connection, false)).getSessionPresent();
        open.add(client);
        if (subscribe) {
            client.subscribe(TOPIC, 1);
        }
        return present;
    }

    /** Waits until {@code clientId} has received nothing for {@code quietMillis}. */
    void awaitQuiet(String clientId, long quietMillis, long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        int last = -1;
        while (System.nanoTime() < deadline) {
            int now = totalReceived(clientId);
            if (now == last) {
                return;
            }
            last = now;
            Thread.sleep(quietMillis);
        }
    }

    private int totalReceived(String clientId) {
        return received.get(clientId).values().stream()
                .mapToInt(AtomicInteger::get)
                .sum();
    }

    /**
     * Starts the load for one cycle: QoS 1 publishers, a retained publisher and an API writer, each on its own thread
     * until {@code stop} or until the gateway goes away.
     */
    List<Thread> start(ConnectionInfo connection, int cycle, AtomicBoolean stop) {
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            String clientId = "crash-pub-" + p;
            threads.add(Thread.ofPlatform().name(clientId).start(() -> publish(connection, clientId, cycle, stop)));
        }
        threads.add(Thread.ofPlatform().name("crash-retained").start(() -> publishRetained(connection, stop)));
        threads.add(Thread.ofPlatform().name("crash-api").start(() -> writeRegistry(connection, stop)));
        return threads;
    }

    private void publish(ConnectionInfo connection, String clientId, int cycle, AtomicBoolean stop) {
        try {
            MqttClient client = client(connection, clientId);
            client.connect(options(connection, true));
            for (int i = 0; i < MESSAGES_PER_CYCLE && !stop.get(); i++) {
                String payload = clientId + "/c" + cycle + "/" + i;
                sent.put(payload, false);
                MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
                message.setQos(1);
                // Returns once the PUBACK arrived: from then on the gateway owes this message to both sessions.
                client.publish(TOPIC, message);
                sent.put(payload, true);
                Thread.sleep(1);
            }
            client.disconnect(2000);
            client.close();
        } catch (MqttException e) {
            // the gateway was killed under it: what was acknowledged so far is recorded
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Publishes {@code count} QoS 1 messages one after the other from a clean session, each bounded by the client's
     * wait; returns how many the gateway acknowledged.
     */
    int publishNow(ConnectionInfo connection, String clientId, int count) {
        int acknowledged = 0;
        try {
            MqttClient client = client(connection, clientId);
            client.connect(options(connection, true));
            for (int i = 0; i < count; i++) {
                String payload = clientId + "/" + i;
                sent.put(payload, false);
                MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
                message.setQos(1);
                client.publish(TOPIC, message);
                sent.put(payload, true);
                acknowledged++;
            }
            client.disconnect(2000);
            client.close();
        } catch (MqttException e) {
            // refused or timed out: not acknowledged, so not owed
        }
        return acknowledged;
    }

    /** The acknowledged messages {@code subscriber} has not received. */
    List<String> notReceived(String subscriber) {
        return sent.entrySet().stream()
                .filter(e -> e.getValue() && !received.get(subscriber).containsKey(e.getKey()))
                .map(Map.Entry::getKey)
                .toList();
    }

    private void publishRetained(ConnectionInfo connection, AtomicBoolean stop) {
        try {
            MqttClient client = client(connection, "crash-retainer");
            client.connect(options(connection, true));
            while (!stop.get()) {
                int n = retainedSequence.incrementAndGet();
                String topic = RETAINED_PREFIX + (n % RETAINED_TOPICS);
                Attempt attempt = new Attempt("retained-" + n);
                retained.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>())
                        .add(attempt);
                MqttMessage message = new MqttMessage(attempt.value.getBytes(StandardCharsets.UTF_8));
                message.setQos(1);
                message.setRetained(true);
                client.publish(topic, message);
                attempt.acknowledged = true;
                // AWS IoT's quota: 20 retained publishes per second per connection.
                Thread.sleep(100);
            }
            client.disconnect(2000);
            client.close();
        } catch (MqttException e) {
            // killed under it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeRegistry(ConnectionInfo connection, AtomicBoolean stop) {
        try (IotClient iot = AwsClients.iot(connection)) {
            while (!stop.get()) {
                int n = apiSequence.incrementAndGet();
                Device issued = TestPki.deviceV1(ca, "CN=crash-api-" + n);
                String thing = "crash-thing-" + n;
                try {
                    apiAttempts.incrementAndGet();
                    String arn = iot.registerCertificate(b -> b.certificatePem(Pem.write(issued.certificate()))
                                    .caCertificatePem(Pem.write(ca.certificate()))
                                    .status(CertificateStatus.ACTIVE))
                            .certificateArn();
                    apiWrites.add("RegisterCertificate " + arn);
                    apiAttempts.incrementAndGet();
                    iot.attachPolicy(b -> b.policyName(POLICY).target(arn));
                    apiWrites.add("AttachPolicy " + arn);
                    apiAttempts.incrementAndGet();
                    iot.createThing(b -> b.thingName(thing));
                    apiWrites.add("CreateThing " + thing);
                    apiAttempts.incrementAndGet();
                    iot.attachThingPrincipal(b -> b.thingName(thing).principal(arn));
                    apiWrites.add("AttachThingPrincipal " + thing + " " + arn);
                } catch (SdkException e) {
                    // unanswered because the gateway was killed: it may or may not have committed
                    Thread.sleep(50);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The figures and every loss found, after a final clean start of the gateway. */
    Report verify(ConnectionInfo connection, List<MqttClient> open) throws Exception {
        List<String> losses = new ArrayList<>();
        Map<String, Long> figures = new LinkedHashMap<>();
        long acknowledged = sent.values().stream().filter(a -> a).count();
        figures.put("qos1 sent", (long) sent.size());
        figures.put("qos1 acknowledged", acknowledged);
        for (String subscriber : List.of(ONLINE_SUBSCRIBER, OFFLINE_SUBSCRIBER)) {
            ConcurrentMap<String, AtomicInteger> counts = received.get(subscriber);
            long lost = sent.entrySet().stream()
                    .filter(e -> e.getValue() && !counts.containsKey(e.getKey()))
                    .peek(e -> losses.add(subscriber + " never received acknowledged " + e.getKey()))
                    .count();
            figures.put(subscriber + " delivered", (long) counts.size());
            figures.put(
                    subscriber + " duplicated",
                    counts.values().stream().mapToLong(c -> c.get() - 1).sum());
            figures.put(subscriber + " lost", lost);
            figures.put(
                    subscriber + " delivered unacknowledged",
                    counts.keySet().stream()
                            .filter(k -> Boolean.FALSE.equals(sent.get(k)))
                            .count());
        }
        verifyRetained(connection, open, losses, figures);
        verifyApiWrites(connection, losses, figures);
        return new Report(figures, losses);
    }

    private void verifyRetained(
            ConnectionInfo connection, List<MqttClient> open, List<String> losses, Map<String, Long> figures)
            throws Exception {
        ConcurrentMap<String, String> got = new ConcurrentHashMap<>();
        MqttClient reader = client(connection, "crash-retained-reader");
        reader.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                got.put(topic, new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        reader.connect(options(connection, true));
        open.add(reader);
        reader.subscribe(RETAINED_PREFIX + "#", 1);
        long acknowledged = retained.values().stream()
                .flatMap(List::stream)
                .filter(a -> a.acknowledged)
                .count();
        figures.put("retained publishes acknowledged", acknowledged);
        if (!RETAINED_SURVIVE_RESTART) {
            Thread.sleep(2000);
            figures.put("retained topics after restart (in memory only)", (long) got.size());
            if (!got.isEmpty()) {
                losses.add("retained messages survived a restart: set RETAINED_SURVIVE_RESTART and check them");
            }
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (got.size() < retained.size() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        for (var entry : retained.entrySet()) {
            List<Attempt> attempts = entry.getValue();
            int lastAcknowledged = -1;
            for (int i = 0; i < attempts.size(); i++) {
                if (attempts.get(i).acknowledged) {
                    lastAcknowledged = i;
                }
            }
            if (lastAcknowledged < 0) {
                continue;
            }
            // The retained value is the last acknowledged one, or one sent after it whose PUBACK the kill cut off.
            Set<String> acceptable = new HashSet<>();
            for (int i = lastAcknowledged; i < attempts.size(); i++) {
                acceptable.add(attempts.get(i).value);
            }
            String value = got.get(entry.getKey());
            if (value == null || !acceptable.contains(value)) {
                losses.add("retained " + entry.getKey() + " is " + value + ", expected one of " + acceptable);
            }
        }
        figures.put("retained topics intact", (long) got.size());
    }

    private void verifyApiWrites(ConnectionInfo connection, List<String> losses, Map<String, Long> figures) {
        try (IotClient iot = AwsClients.iot(connection)) {
            for (String write : apiWrites) {
                String[] parts = write.split(" ");
                try {
                    boolean present = switch (parts[0]) {
                        case "RegisterCertificate" ->
                            iot.describeCertificate(b -> b.certificateId(certificateId(parts[1])))
                                            .certificateDescription()
                                            .status()
                                    == CertificateStatus.ACTIVE;
                        case "AttachPolicy" ->
                            iot.listAttachedPolicies(b -> b.target(parts[1])).policies().stream()
                                    .anyMatch(p -> p.policyName().equals(POLICY));
                        case "CreateThing" ->
                            iot.describeThing(b -> b.thingName(parts[1]))
                                    .thingName()
                                    .equals(parts[1]);
                        case "AttachThingPrincipal" ->
                            iot.listThingPrincipals(b -> b.thingName(parts[1]))
                                    .principals()
                                    .contains(parts[2]);
                        default -> throw new IllegalStateException(write);
                    };
                    if (!present) {
                        losses.add("API write answered 200 is gone: " + write);
                    }
                } catch (SdkException e) {
                    losses.add("API write answered 200 is gone: " + write + " (" + e.getMessage() + ")");
                }
            }
        }
        figures.put("api writes attempted", apiAttempts.get());
        figures.put("api writes answered 200", (long) apiWrites.size());
    }

    private static String certificateId(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    private MqttClient client(ConnectionInfo connection, String clientId) throws MqttException {
        MqttClient client =
                new MqttClient("ssl://localhost:" + connection.mqttPort(), clientId, new MemoryPersistence());
        // Bounded: a publish whose connection dies under it must fail, not wait for ever.
        client.setTimeToWait(15_000);
        return client;
    }

    private MqttConnectOptions options(ConnectionInfo connection, boolean cleanSession) {
        MqttConnectOptions options = new MqttConnectOptions();
        try {
            options.setSocketFactory(MqttTls.socketFactory(
                    device.certificate(),
                    device.keys().getPrivate(),
                    Path.of(connection.serverCaFile()),
                    connection.mqttHost()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(30);
        options.setCleanSession(cleanSession);
        options.setMaxInflight(100);
        return options;
    }

    /** What a crash run counted, and every acknowledged thing it did not find again. */
    record Report(Map<String, Long> figures, List<String> losses) {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            figures.forEach((k, v) -> text.append(String.format(java.util.Locale.ROOT, "  %-48s %d%n", k, v)));
            losses.stream()
                    .limit(20)
                    .forEach(l -> text.append("  LOST: ").append(l).append('\n'));
            return text.toString();
        }
    }
}
