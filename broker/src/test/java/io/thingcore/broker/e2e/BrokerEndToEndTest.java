package io.thingcore.broker.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.MqttBroker;
import io.thingcore.broker.SniRule;
import io.thingcore.broker.spi.CaRecord;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.DeviceRecord;
import io.thingcore.broker.testing.LeakWatcher;
import io.thingcore.broker.testing.Received;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.testing.V3Client;
import io.thingcore.broker.testing.V5Client;
import io.thingcore.pki.CertificateIds;
import io.thingcore.policy.PolicyRef;
import io.thingcore.testkit.mqtt.RawMqttClient;
import io.thingcore.testkit.mqtt.TlsProbe;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker end to end: Eclipse Paho (MQTT 3.1.1 and 5) over real mutual TLS with certificates made at test time,
 * against an in-memory registry behind the SPI.
 */
class BrokerEndToEndTest {
    static final String SNI = "localhost";
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger IDS = new AtomicInteger();

    static TestPki pki;
    static TestDirectory directory;
    static MqttBroker broker;
    static int port;
    /** The DIC guide's CA: SNI_ONLY, ACTIVE, automatic registration on. */
    static TestCa dicCa;

    static CaRecord dicCaRecord;
    /** A DEFAULT-mode CA without auto-registration. */
    static TestCa plainCa;

    static CaRecord plainCaRecord;

    final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki();
        directory = new TestDirectory();
        dicCa = TestPki.ca("CN=DIC CA,O=Silicon Labs");
        dicCaRecord = directory.registerCa(dicCa.certificate(), CaStatus.ACTIVE, true, CertificateMode.SNI_ONLY);
        plainCa = TestPki.ca("CN=Plain CA");
        plainCaRecord = directory.registerCa(plainCa.certificate(), CaStatus.ACTIVE, false, CertificateMode.DEFAULT);
        broker = new MqttBroker(directory, directory);
        port = broker.start(
                BrokerConfig.builder(pki.serverKey, List.of(pki.serverCertificate, pki.serverCa.certificate()))
                        .bindHost("127.0.0.1")
                        .port(0)
                        .hostNames(List.of("localhost"))
                        // AWS IoT's SNI rule end to end; the default, lenient rule is in HandshakeRefusalTest.
                        .sniRule(SniRule.STRICT)
                        .accountId("123456789012")
                        .build());
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
        directory.close();
        LeakWatcher.assertNoLeaks();
        // The JITR registrations of this class ran off the event loops (TestDirectory checks every call).
        assertThat(io.thingcore.broker.testing.NonBlocking.VIOLATIONS).isEmpty();
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

    static PolicyRef allowAll() {
        return TestDirectory.policy("DIC_POLICY", TestDirectory.ALLOW_ALL);
    }

    Device registered(TestCa ca, CaRecord caRecord, CertificateStatus status, List<PolicyRef> policies) {
        Device device = TestPki.device(ca, "CN=" + id("device"));
        directory.register(device.certificate(), caRecord.caCertificateId(), status, policies);
        return device;
    }

    Device plainDevice(List<PolicyRef> policies) {
        return registered(plainCa, plainCaRecord, CertificateStatus.ACTIVE, policies);
    }

    V3Client v3(String clientId, Device device, String sni) throws MqttException {
        V3Client c = new V3Client(port, clientId, pki.clientContext(device), sni);
        clients.add(c);
        return c;
    }

    V5Client v5(String clientId, Device device, String sni) throws org.eclipse.paho.mqttv5.common.MqttException {
        V5Client c = new V5Client(port, clientId, pki.clientContext(device), sni);
        clients.add(c);
        return c;
    }

    /**
     * Paho MQTT 5 announcing Receive Maximum 2 and Maximum Packet Size 100, and acknowledging by hand: the broker keeps
     * at most two deliveries unacknowledged [MQTT-3.3.4-9] and never sends it a PUBLISH above 100 bytes
     * [MQTT-3.1.2-24], discarding it as if sent [MQTT-3.1.2-25], while the client stays connected.
     */
    @Test
    void MQTT_5_clientsReceiveMaximumAndMaximumPacketSize_pahoReceivesWithinBoth() throws Exception {
        Device d = plainDevice(List.of(allowAll()));
        String topic = "limits/" + IDS.incrementAndGet();
        V5Client sub = v5(id("small5"), d, null);
        sub.options.setReceiveMaximum(2);
        sub.options.setMaximumPacketSize(100L);
        sub.client.setManualAcks(true);
        sub.connect();
        sub.client.subscribe(topic, 1);
        V5Client pub = v5(id("pub5"), d, null).connect();

        pub.client.publish(topic, new byte[200], 1, false);
        for (int i = 1; i <= 4; i++) {
            pub.client.publish(topic, ("small " + i).getBytes(StandardCharsets.UTF_8), 1, false);
        }

        org.eclipse.paho.mqttv5.common.MqttMessage first = sub.pahoMessages.poll(5, TimeUnit.SECONDS);
        org.eclipse.paho.mqttv5.common.MqttMessage second = sub.pahoMessages.poll(5, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(new String(first.getPayload(), StandardCharsets.UTF_8)).isEqualTo("small 1");
        assertThat(new String(second.getPayload(), StandardCharsets.UTF_8)).isEqualTo("small 2");
        assertThat(sub.pahoMessages.poll(500, TimeUnit.MILLISECONDS))
                .as("nothing beyond the client's Receive Maximum before a PUBACK")
                .isNull();

        sub.client.messageArrivedComplete(first.getId(), 1);
        org.eclipse.paho.mqttv5.common.MqttMessage third = sub.pahoMessages.poll(5, TimeUnit.SECONDS);
        assertThat(third).isNotNull();
        assertThat(new String(third.getPayload(), StandardCharsets.UTF_8)).isEqualTo("small 3");
        assertThat(sub.client.isConnected()).isTrue();
        assertThat(sub.lost.getCount()).isEqualTo(1);
    }

    static MqttMessage message(String text, int qos, boolean retained) {
        MqttMessage m = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        m.setQos(qos);
        m.setRetained(retained);
        return m;
    }

    // ---------------------------------------------------------------- the founding scenario

    @Test
    void dicScenario_deviceAndExplorerExchangeLightStateAndCommand() throws Exception {
        // The guide: v1 device certificate, SNI_ONLY CA, thing named like the client ID, policy * on *.
        String deviceId = id("DIC_2");
        String explorerId = id("DIC_Explorer");
        Device device = TestPki.deviceV1(dicCa, "CN=DIC_2");
        Device explorer = TestPki.device(dicCa, "CN=explorer");
        directory.things.put(deviceId, new io.thingcore.broker.spi.ThingRecord(deviceId, null, java.util.Map.of()));
        directory.register(
                device.certificate(),
                dicCaRecord.caCertificateId(),
                CertificateStatus.ACTIVE,
                List.of(allowAll()),
                deviceId);
        directory.register(
                explorer.certificate(), dicCaRecord.caCertificateId(), CertificateStatus.ACTIVE, List.of(allowAll()));
        assertThat(device.certificate().getVersion()).isEqualTo(1);

        V3Client dev = v3(deviceId, device, SNI);
        dev.options.setKeepAliveInterval(0); // the DIC firmware connects with keep-alive 0
        dev.connect();
        V5Client exp = v5(explorerId, explorer, SNI).connect();
        exp.client.subscribe("light/#", 1);
        dev.client.subscribe("command", 1);

        dev.client.publish("light/state", message("on", 1, false));
        Received state = exp.poll(5000);
        assertThat(state).isNotNull();
        assertThat(state.topic()).isEqualTo("light/state");
        assertThat(state.text()).isEqualTo("on");

        exp.client.publish("command", "toggle".getBytes(StandardCharsets.UTF_8), 1, false);
        Received command = dev.poll(5000);
        assertThat(command).isNotNull();
        assertThat(command.topic()).isEqualTo("command");
        assertThat(command.text()).isEqualTo("toggle");

        // The operator's listing: keep-alive 0 as AWS IoT applies it, and the device's last packet (its SUBSCRIBE,
        // PUBLISH or PUBACK: after CONNACK, not after now).
        Instant now = Instant.now();
        MqttBroker.ConnectedClient listed = broker.connectedClients().stream()
                .filter(c -> c.clientId().equals(deviceId))
                .findFirst()
                .orElseThrow();
        assertThat(listed.requestedKeepAlive()).isZero();
        assertThat(listed.appliedKeepAlive()).isEqualTo(1200);
        assertThat(listed.lastActivity()).isBetween(listed.connectedAt(), now.plusSeconds(1));
    }

    // ---------------------------------------- policy denials (AWS IoT Developer Guide, "MQTT")

    @Test
    void connectDenied_mqtt311_connectionDroppedWithoutConnack() throws Exception {
        Device d = plainDevice(List.of(TestDirectory.policy(
                "p",
                TestDirectory.allow("\"iot:Connect\"", "\"arn:aws:iot:us-east-1:123456789012:client/someone-else\""))));
        V3Client c = v3(id("denied"), d, null);
        Throwable t = catchThrowable(c::connect);
        assertThat(t).isInstanceOf(MqttException.class);
        // Paho's "connection lost" (32109), never CONNACK "not authorized" (5), as on AWS.
        assertThat(((MqttException) t).getReasonCode()).isNotEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
    }

    @Test
    void connectDenied_mqtt5_connackNotAuthorized0x87() throws Exception {
        Device d = plainDevice(List.of());
        V5Client c = v5(id("denied5"), d, null);
        Throwable t = catchThrowable(c::connect);
        assertThat(t).isInstanceOf(org.eclipse.paho.mqttv5.common.MqttException.class);
        assertThat(((org.eclipse.paho.mqttv5.common.MqttException) t).getReasonCode())
                .isEqualTo(0x87);
    }

    static PolicyRef connectAnd(String action, String resource) {
        return TestDirectory.policy(
                "p",
                "{\"Version\":\"2012-10-17\",\"Statement\":["
                        + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"*\"},"
                        + "{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"}]}");
    }

    @Test
    void publishDenied_mqtt311_connectionDropped() throws Exception {
        Device d = plainDevice(List.of(connectAnd("iot:Publish", "arn:aws:iot:*:*:topic/allowed")));
        V3Client c = v3(id("pub"), d, null).connect();
        c.client.publish("allowed", message("ok", 1, false));
        assertThat(c.client.isConnected()).isTrue();
        catchThrowable(() -> c.client.publish("forbidden", message("no", 1, false)));
        assertThat(c.awaitLost(3000)).isTrue();
    }

    @Test
    void publishDenied_mqtt5_notRouted_connectionKept() throws Exception {
        // The PUBACK reason 0x87 itself is checked in SessionStageTest (Paho's sync client does not expose it).
        String topic = id("forbidden");
        V3Client watcher =
                v3(id("watch5"), plainDevice(List.of(allowAll())), null).connect();
        watcher.client.subscribe(topic, 1);
        Device d = plainDevice(List.of(connectAnd("iot:Publish", "arn:aws:iot:*:*:topic/allowed")));
        V5Client c = v5(id("pub5"), d, null).connect();
        c.client.publish(topic, "no".getBytes(StandardCharsets.UTF_8), 1, false);
        c.client.publish("allowed", "ok".getBytes(StandardCharsets.UTF_8), 1, false);
        assertThat(c.client.isConnected()).isTrue();
        assertThat(watcher.poll(300)).isNull();
    }

    @Test
    void subscribeDenied_mqtt311_connectionDropped() throws Exception {
        Device d = plainDevice(List.of(connectAnd("iot:Subscribe", "arn:aws:iot:*:*:topicfilter/ok")));
        V3Client c = v3(id("sub"), d, null).connect();
        c.client.subscribe("ok", 1);
        catchThrowable(() -> c.client.subscribe("not/ok", 1));
        assertThat(c.awaitLost(3000)).isTrue();
    }

    @Test
    void subscribeDenied_mqtt5_subackNotAuthorized() throws Exception {
        Device d = plainDevice(List.of(connectAnd("iot:Subscribe", "arn:aws:iot:*:*:topicfilter/ok")));
        V5Client c = v5(id("sub5"), d, null).connect();
        int code = subscribeReason(c, "not/ok");
        assertThat(code).isEqualTo(0x87);
        assertThat(subscribeReason(c, "ok")).isEqualTo(1);
        assertThat(c.client.isConnected()).isTrue();
    }

    static int subscribeReason(V5Client c, String filter) {
        try {
            IMqttToken token = c.client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)});
            return token.getReasonCodes()[0];
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            return e.getReasonCode();
        }
    }

    @Test
    void receiveDenied_deliverySilentlySkipped() throws Exception {
        Device subscriber = plainDevice(
                List.of(
                        TestDirectory.policy(
                                "p",
                                "{\"Version\":\"2012-10-17\",\"Statement\":["
                                        + "{\"Effect\":\"Allow\",\"Action\":[\"iot:Connect\",\"iot:Subscribe\"],\"Resource\":\"*\"},"
                                        + "{\"Effect\":\"Allow\",\"Action\":\"iot:Receive\",\"Resource\":\"arn:aws:iot:*:*:topic/rx/ok\"}]}")));
        Device publisher = plainDevice(List.of(allowAll()));
        V3Client sub = v3(id("rx"), subscriber, null).connect();
        sub.client.subscribe("rx/+", 1);
        V3Client pub = v3(id("tx"), publisher, null).connect();
        pub.client.publish("rx/secret", message("secret", 1, false));
        pub.client.publish("rx/ok", message("ok", 1, false));
        Received r = sub.poll(5000);
        assertThat(r).isNotNull();
        assertThat(r.topic()).isEqualTo("rx/ok");
        assertThat(sub.poll(300)).isNull();
        assertThat(sub.client.isConnected()).isTrue();
    }

    /**
     * A subscription whose filter the policy allows on every topic receives without a decision per message, and a
     * policy change withdraws that at once: the next delivery is decided by the new policy.
     */
    @Test
    void receiveAllowedForAWholeFilter_followsAPolicyChange() throws Exception {
        String receiveAll = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":[\"iot:Connect\",\"iot:Subscribe\"],\"Resource\":\"*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Receive\",\"Resource\":\"arn:aws:iot:*:*:topic/fan/*\"}]}";
        Device subscriber = plainDevice(List.of(TestDirectory.policy("fan-in", receiveAll)));
        Device publisher = plainDevice(List.of(allowAll()));
        V3Client sub = v3(id("fanin"), subscriber, null).connect();
        sub.client.subscribe("fan/+", 1);
        V3Client pub = v3(id("fanout"), publisher, null).connect();
        for (String topic : List.of("fan/a", "fan/b", "fan/c")) {
            pub.client.publish(topic, message(topic, 1, false));
            Received r = sub.poll(5000);
            assertThat(r).as(topic).isNotNull();
            assertThat(r.topic()).isEqualTo(topic);
        }

        directory.setPolicies(
                CertificateIds.of(subscriber.certificate()),
                List.of(TestDirectory.policy("fan-in", receiveAll.replace("topic/fan/*", "topic/fan/a"))));
        broker.policyChanged("fan-in");
        // Twice: the first delivery makes the new proof (refused), the second finds it kept.
        pub.client.publish("fan/b", message("b", 1, false));
        pub.client.publish("fan/b", message("b", 1, false));
        pub.client.publish("fan/a", message("a", 1, false));
        Received r = sub.poll(5000);
        assertThat(r).isNotNull();
        assertThat(r.topic()).as("fan/b is no longer allowed").isEqualTo("fan/a");
        assertThat(sub.poll(300)).isNull();
    }

    @Test
    void clientIdWildcards_cannotWidenClientIdPolicy() throws Exception {
        PolicyRef policy = TestDirectory.policy(
                "p",
                "{\"Version\":\"2012-10-17\",\"Statement\":["
                        + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"arn:aws:iot:*:*:client/*\"},"
                        + "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\","
                        + "\"Resource\":\"arn:aws:iot:*:*:topicfilter/${iot:ClientId}/data\"}]}");
        Device d = plainDevice(List.of(policy));
        V5Client plus = v5("+", d, null).connect();
        assertThat(subscribeReason(plus, "+/data")).isEqualTo(0x87);
        plus.close();
        String normal = id("dev");
        V5Client ok = v5(normal, d, null).connect();
        assertThat(subscribeReason(ok, normal + "/data")).isEqualTo(1);
        assertThat(subscribeReason(ok, "+/data")).isEqualTo(0x87);
    }

    @Test
    void clientIdWildcard_cannotSatisfyConnectPolicyOnClientId() throws Exception {
        PolicyRef policy = TestDirectory.policy(
                "p", TestDirectory.allow("\"iot:Connect\"", "\"arn:aws:iot:*:*:client/${iot:ClientId}\""));
        Device d = plainDevice(List.of(policy));
        assertThat(catchThrowable(() -> v5("+", d, null).connect())).isNotNull();
        v5(id("fine"), d, null).connect();
    }

    // ---------------------------------------------------------------- certificate catalogue

    /** Refused inside the TLS handshake (the client gets an alert, as on AWS), over TLS 1.3 and 1.2, and by Paho. */
    void assertRefused(Device device, String sni) throws Exception {
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            assertThat(TlsProbe.probe(port, pki.clientContext(device), protocol, sni, id("probe")))
                    .as(protocol)
                    .isEqualTo(TlsProbe.Outcome.REFUSED_IN_HANDSHAKE);
        }
        assertConnectFails(device, sni);
    }

    /**
     * Paho cannot connect (JITR completes the handshake, registers, then closes: AWS IoT Developer Guide,
     * auto-register-device-cert).
     */
    void assertConnectFails(Device device, String sni) throws Exception {
        V3Client c = v3(id("refused"), device, sni);
        assertThatThrownBy(c::connect).isInstanceOf(MqttException.class);
    }

    @Test
    void unknownCertificate_refused() throws Exception {
        assertRefused(TestPki.device(plainCa, "CN=unknown"), null);
    }

    @Test
    void unknownCa_refused() throws Exception {
        assertRefused(TestPki.device(TestPki.ca("CN=Unregistered CA"), "CN=x"), SNI);
    }

    @Test
    void inactiveCertificate_refused() throws Exception {
        assertRefused(registered(plainCa, plainCaRecord, CertificateStatus.INACTIVE, List.of(allowAll())), null);
    }

    @Test
    void revokedCertificate_refused() throws Exception {
        assertRefused(registered(plainCa, plainCaRecord, CertificateStatus.REVOKED, List.of(allowAll())), null);
    }

    @Test
    void pendingActivationCertificate_refused() throws Exception {
        assertRefused(
                registered(plainCa, plainCaRecord, CertificateStatus.PENDING_ACTIVATION, List.of(allowAll())), null);
    }

    @Test
    void expiredCertificate_refused() throws Exception {
        Instant now = Instant.now();
        Device d = TestPki.device(plainCa, "CN=expired", now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
        directory.register(
                d.certificate(), plainCaRecord.caCertificateId(), CertificateStatus.ACTIVE, List.of(allowAll()));
        assertRefused(d, null);
    }

    @Test
    void notYetValidCertificate_refused() throws Exception {
        Instant now = Instant.now();
        Device d = TestPki.device(plainCa, "CN=future", now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)));
        directory.register(
                d.certificate(), plainCaRecord.caCertificateId(), CertificateStatus.ACTIVE, List.of(allowAll()));
        assertRefused(d, null);
    }

    @Test
    void fakeCaWithSameSubject_refusedAndNotRegistered() throws Exception {
        TestCa fake = TestPki.ca("CN=DIC CA,O=Silicon Labs");
        Device d = TestPki.device(fake, "CN=impostor");
        assertRefused(d, SNI);
        Thread.sleep(200);
        assertThat(directory.findCertificate(CertificateIds.of(d.certificate())))
                .isEmpty();
    }

    @Test
    void noClientCertificate_refused() throws Exception {
        assertRefused(null, SNI);
    }

    // Paho always sends its URI's host as SNI, so the SNI rule is checked with a raw TLS client.

    @Test
    void sniOnlyCertificateWithoutSni_refused() throws Exception {
        Device d = registered(dicCa, dicCaRecord, CertificateStatus.ACTIVE, List.of(allowAll()));
        assertThat(RawMqttClient.connectAccepted(port, pki.clientContext(d), null, id("no-sni")))
                .isFalse();
        assertThat(RawMqttClient.connectAccepted(port, pki.clientContext(d), "other.example.com", id("bad-sni")))
                .isFalse();
        assertThat(RawMqttClient.connectAccepted(port, pki.clientContext(d), SNI, id("sni")))
                .isTrue();
    }

    @Test
    void certificateRegisteredWithoutCa_needsSni() throws Exception {
        Device d = TestPki.device(TestPki.ca("CN=Foreign CA"), "CN=no-ca");
        directory.register(d.certificate(), null, CertificateStatus.ACTIVE, List.of(allowAll()));
        assertThat(RawMqttClient.connectAccepted(port, pki.clientContext(d), null, id("no-ca")))
                .isFalse();
        assertThat(RawMqttClient.connectAccepted(port, pki.clientContext(d), SNI, id("no-ca")))
                .isTrue();
    }

    @Test
    void defaultModeCertificate_needsNoSni() throws Exception {
        Device d = plainDevice(List.of(allowAll()));
        assertThat(RawMqttClient.connectAccepted(port, pki.clientContext(d), null, id("plain")))
                .isTrue();
    }

    @Test
    void deactivationWhileConnected_disconnectsWithinOneSecond() throws Exception {
        Device d = plainDevice(List.of(allowAll()));
        V3Client c = v3(id("deact"), d, null).connect();
        String certificateId = CertificateIds.of(d.certificate());
        directory.setStatus(certificateId, CertificateStatus.INACTIVE);
        broker.certificateChanged(certificateId);
        assertThat(c.awaitLost(1000)).isTrue();
        assertRefused(d, null);
    }

    @Test
    void policyDetached_appliesToNextOperation() throws Exception {
        Device d = plainDevice(List.of(allowAll()));
        V5Client c = v5(id("detach"), d, null).connect();
        assertThat(subscribeReason(c, "a")).isEqualTo(1);
        directory.setPolicies(CertificateIds.of(d.certificate()), List.of(connectAnd("iot:Publish", "*")));
        broker.authorizationChanged();
        assertThat(subscribeReason(c, "b")).isEqualTo(0x87);
    }

    @Test
    void policyChanged_reachesOnlyTheConnectionsWithThatPolicyAttached() throws Exception {
        Device withP1 = plainDevice(List.of(TestDirectory.policy("p1", TestDirectory.ALLOW_ALL)));
        Device withP2 = plainDevice(List.of(TestDirectory.policy("p2", TestDirectory.ALLOW_ALL)));
        V5Client one = v5(id("p1"), withP1, null).connect();
        V5Client two = v5(id("p2"), withP2, null).connect();
        assertThat(subscribeReason(one, "a")).isEqualTo(1);
        assertThat(subscribeReason(two, "a")).isEqualTo(1);
        // Both directory entries now deny subscribing, but only p1 is announced as changed: the connection with p2
        // keeps its cached authorization (no rebuild), the one with p1 re-reads it.
        directory.setPolicies(CertificateIds.of(withP1.certificate()), List.of(connectAnd("iot:Publish", "*")));
        directory.setPolicies(CertificateIds.of(withP2.certificate()), List.of(connectAnd("iot:Publish", "*")));
        broker.policyChanged("p1");
        assertThat(subscribeReason(one, "b")).isEqualTo(0x87);
        assertThat(subscribeReason(two, "b")).isEqualTo(1);
        broker.certificateChanged(CertificateIds.of(withP2.certificate()));
        assertThat(subscribeReason(two, "c")).isEqualTo(0x87);
    }

    // ---------------------------------------- JITR (AWS IoT Developer Guide, auto-register-device-cert)

    @Test
    void jitr_registersPendingActivation_publishesEvent_thenConnectsOnceActivated() throws Exception {
        V3Client watcher =
                v3(id("watcher"), plainDevice(List.of(allowAll())), null).connect();
        watcher.client.subscribe("$aws/events/certificates/registered/" + dicCaRecord.caCertificateId(), 1);

        Device fresh = TestPki.device(dicCa, "CN=" + id("jitr"));
        String certificateId = CertificateIds.of(fresh.certificate());
        assertConnectFails(fresh, SNI);

        Received event = watcher.poll(5000);
        assertThat(event).isNotNull();
        JsonNode json = JSON.readTree(event.payload());
        assertThat(json.get("certificateId").asText()).isEqualTo(certificateId);
        assertThat(json.get("caCertificateId").asText()).isEqualTo(dicCaRecord.caCertificateId());
        assertThat(json.get("certificateStatus").asText()).isEqualTo("PENDING_ACTIVATION");
        assertThat(json.get("awsAccountId").asText()).isEqualTo("123456789012");
        assertThat(json.get("timestamp").isNumber()).isTrue();
        DeviceRecord pending = directory.findCertificate(certificateId).orElseThrow();
        assertThat(pending.status()).isEqualTo(CertificateStatus.PENDING_ACTIVATION);

        // Still pending: refused again, and the event is published again.
        assertConnectFails(fresh, SNI);
        assertThat(watcher.poll(5000)).isNotNull();

        directory.setStatus(certificateId, CertificateStatus.ACTIVE);
        directory.setPolicies(certificateId, List.of(allowAll()));
        v3(id("jitr-ok"), fresh, SNI).connect();
    }

    // ---------------------------------------------------------------- MQTT semantics as AWS

    @Test
    void qos2Publish_refused() throws Exception {
        V3Client c = v3(id("qos2"), plainDevice(List.of(allowAll())), null).connect();
        catchThrowable(() -> c.client.publish("q", message("two", 2, false)));
        assertThat(c.awaitLost(3000)).isTrue();
    }

    @Test
    void retainedMessages_onePerTopic_exactFilterOnly_emptyDeletes() throws Exception {
        Device d = plainDevice(List.of(allowAll()));
        String topic = id("ret") + "/state";
        V3Client pub = v3(id("retpub"), d, null).connect();
        pub.client.publish(topic, message("first", 1, true));
        pub.client.publish(topic, message("second", 1, true));

        V3Client exact = v3(id("exact"), d, null).connect();
        exact.client.subscribe(topic, 1);
        Received r = exact.poll(5000);
        assertThat(r).isNotNull();
        assertThat(r.text()).isEqualTo("second");
        assertThat(r.retained()).isTrue();
        assertThat(exact.poll(300)).isNull();

        V3Client wildcard = v3(id("wild"), d, null).connect();
        wildcard.client.subscribe(topic.substring(0, topic.indexOf('/')) + "/#", 1);
        assertThat(wildcard.poll(500)).isNull();

        pub.client.publish(topic, message("", 1, true));
        Received deletion = exact.poll(5000); // forwarded live, with RETAIN 0
        assertThat(deletion).isNotNull();
        assertThat(deletion.retained()).isFalse();
        V3Client late = v3(id("late"), d, null).connect();
        late.client.subscribe(topic, 1);
        assertThat(late.poll(500)).isNull();
    }

    @Test
    void hashDoesNotMatchParentLevel() throws Exception {
        Device d = plainDevice(List.of(allowAll()));
        String base = id("sensor");
        V3Client sub = v3(id("hash"), d, null).connect();
        sub.client.subscribe(base + "/#", 1);
        V3Client pub = v3(id("hashpub"), d, null).connect();
        pub.client.publish(base, message("parent", 1, false));
        pub.client.publish(base + "/a", message("child", 1, false));
        Received r = sub.poll(5000);
        assertThat(r).isNotNull();
        assertThat(r.text()).isEqualTo("child");
        assertThat(sub.poll(300)).isNull();
    }

    @Test
    void clientIdTakeover_closesOlderConnection_andPublishesItsWill() throws Exception {
        Device d = plainDevice(List.of(allowAll()));
        String clientId = id("twin");
        V3Client watcher = v3(id("will-watch"), d, null).connect();
        watcher.client.subscribe("wills/" + clientId, 1);
        V3Client first = v3(clientId, d, null);
        first.options.setWill("wills/" + clientId, "gone".getBytes(StandardCharsets.UTF_8), 1, false);
        first.connect();
        V3Client second = v3(clientId, d, null).connect();
        assertThat(first.awaitLost(3000)).isTrue();
        assertThat(second.client.isConnected()).isTrue();
        Received will = watcher.poll(5000);
        assertThat(will).isNotNull();
        assertThat(will.text()).isEqualTo("gone");
    }

    @Test
    void will_notSentOnCleanDisconnect() throws Exception {
        Device d = plainDevice(List.of(allowAll()));
        String clientId = id("polite");
        V3Client watcher = v3(id("will-watch2"), d, null).connect();
        watcher.client.subscribe("wills/" + clientId, 1);
        V3Client c = v3(clientId, d, null);
        c.options.setWill("wills/" + clientId, "gone".getBytes(StandardCharsets.UTF_8), 1, false);
        c.connect();
        c.client.disconnect();
        assertThat(watcher.poll(500)).isNull();
    }

    @Test
    void will_sentWhenConnectionDropsWithoutDisconnect() throws Exception {
        Device d = plainDevice(List.of(allowAll()));
        String clientId = id("abrupt");
        V3Client watcher = v3(id("will-watch3"), d, null).connect();
        watcher.client.subscribe("wills/" + clientId, 1);
        V3Client c = v3(clientId, d, null);
        c.options.setWill("wills/" + clientId, "gone".getBytes(StandardCharsets.UTF_8), 1, false);
        c.connect();
        c.client.disconnectForcibly(0, 100, false);
        Received will = watcher.poll(5000);
        assertThat(will).isNotNull();
        assertThat(will.text()).isEqualTo("gone");
    }

    @Test
    void persistentSession_queuesQos1WhileOffline() throws Exception {
        Device d = plainDevice(List.of(allowAll()));
        String clientId = id("persistent");
        String topic = id("queued");
        V3Client c = v3(clientId, d, null);
        c.options.setCleanSession(false);
        c.connect();
        c.client.subscribe(topic, 1);
        c.client.disconnect();
        V3Client pub = v3(id("qpub"), d, null).connect();
        pub.client.publish(topic, message("while-away", 1, false));
        V3Client again = v3(clientId, d, null);
        again.options.setCleanSession(false);
        again.connect();
        Received r = again.poll(5000);
        assertThat(r).isNotNull();
        assertThat(r.text()).isEqualTo("while-away");
    }

    @Test
    void reservedTopics_publishRefused_eventsSubscribable() throws Exception {
        V5Client c = v5(id("reserved"), plainDevice(List.of(allowAll())), null).connect();
        assertThat(subscribeReason(c, "$aws/events/presence/connected/+")).isEqualTo(1);
        assertThat(subscribeReason(c, "$SYS/#")).isEqualTo(0x87);
        catchThrowable(() -> c.client.publish("$aws/things/x/shadow/update", new byte[] {1}, 1, false));
        assertThat(c.awaitLost(3000)).isTrue();
    }
}
