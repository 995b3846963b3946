package io.thingcore.broker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.MqttBroker;
import io.thingcore.broker.SniRule;
import io.thingcore.broker.TlsProvider;
import io.thingcore.broker.spi.CaRecord;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.DeviceRecord;
import io.thingcore.broker.testing.LeakWatcher;
import io.thingcore.broker.testing.LogCapture;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.tls.ClientCertificateHandler;
import io.thingcore.pki.CertificateIds;
import io.thingcore.policy.PolicyRef;
import io.thingcore.testkit.mqtt.TlsProbe;
import io.thingcore.testkit.mqtt.TlsProbe.Outcome;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The certificate catalogue refused inside the TLS handshake, as on AWS (issue 3): the client gets a TLS alert, not a
 * close after the handshake ({@link TlsProbe} tells them apart), with both engines (BoringSSL and the JDK) and
 * both TLS 1.2 and 1.3. SNI is read from the handshake session by either engine, and each SNI rule is applied there:
 * {@link SniRule#LENIENT} (the default) and {@link SniRule#STRICT}. Just-in-time registration still completes the handshake, registers, and closes.
 */
class HandshakeRefusalTest {
    static final String SNI = "localhost";
    static final AtomicInteger IDS = new AtomicInteger();

    static TestPki pki;
    static TestDirectory directory;
    static final List<MqttBroker> BROKERS = new ArrayList<>();
    /** Brokers with the default SNI rule, {@link SniRule#LENIENT}. */
    static final Map<TlsProvider, Integer> PORTS = new EnumMap<>(TlsProvider.class);
    /** Brokers with {@link SniRule#STRICT}, AWS IoT's rule. */
    static final Map<TlsProvider, Integer> STRICT_PORTS = new EnumMap<>(TlsProvider.class);

    static TestCa jitrCa;
    static CaRecord jitrCaRecord;
    static TestCa plainCa;
    static CaRecord plainCaRecord;

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki();
        directory = new TestDirectory();
        jitrCa = TestPki.ca("CN=JITR CA,O=Silicon Labs");
        jitrCaRecord = directory.registerCa(jitrCa.certificate(), CaStatus.ACTIVE, true, CertificateMode.SNI_ONLY);
        plainCa = TestPki.ca("CN=Plain CA");
        plainCaRecord = directory.registerCa(plainCa.certificate(), CaStatus.ACTIVE, false, CertificateMode.DEFAULT);
        for (TlsProvider provider : List.of(TlsProvider.JDK, TlsProvider.OPENSSL)) {
            PORTS.put(provider, startBroker(provider, null));
            STRICT_PORTS.put(provider, startBroker(provider, SniRule.STRICT));
        }
    }

    /** A broker with {@code rule}, or with the builder's default rule when null. */
    static int startBroker(TlsProvider provider, SniRule rule) throws Exception {
        MqttBroker broker = new MqttBroker(directory, directory);
        BROKERS.add(broker);
        BrokerConfig.Builder config = BrokerConfig.builder(
                        pki.serverKey, List.of(pki.serverCertificate, pki.serverCa.certificate()))
                .bindHost("127.0.0.1")
                .port(0)
                .hostNames(List.of(SNI))
                .accountId("123456789012")
                .tlsProvider(provider);
        if (rule != null) {
            config.sniRule(rule);
        }
        return broker.start(config.build());
    }

    @AfterAll
    static void stop() throws Exception {
        for (MqttBroker broker : BROKERS) {
            broker.close();
        }
        directory.close();
        LeakWatcher.assertNoLeaks();
        assertThat(io.thingcore.broker.testing.NonBlocking.VIOLATIONS).isEmpty();
    }

    static Stream<Arguments> engines() {
        return Stream.of(TlsProvider.JDK, TlsProvider.OPENSSL)
                .flatMap(p -> Stream.of(Arguments.of(p, "TLSv1.2"), Arguments.of(p, "TLSv1.3")));
    }

    static PolicyRef allowAll() {
        return TestDirectory.policy("ALLOW", TestDirectory.ALLOW_ALL);
    }

    static Device registered(TestCa ca, CaRecord caRecord, CertificateStatus status) {
        Device device = TestPki.device(ca, "CN=device-" + IDS.incrementAndGet());
        directory.register(device.certificate(), caRecord.caCertificateId(), status, List.of(allowAll()));
        return device;
    }

    static Outcome probe(TlsProvider provider, String protocol, Device device, String sni) throws IOException {
        return probe(PORTS.get(provider), protocol, device, sni);
    }

    static Outcome probe(int port, String protocol, Device device, String sni) throws IOException {
        return TlsProbe.probe(port, pki.clientContext(device), protocol, sni, "probe-" + IDS.incrementAndGet());
    }

    static void assertRefusedInHandshake(TlsProvider provider, String protocol, Device device, String sni)
            throws IOException {
        assertThat(probe(provider, protocol, device, sni)).isEqualTo(Outcome.REFUSED_IN_HANDSHAKE);
    }

    static void assertAccepted(TlsProvider provider, String protocol, Device device, String sni) throws IOException {
        assertThat(probe(provider, protocol, device, sni)).isEqualTo(Outcome.ACCEPTED);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("engines")
    void catalogueIsRefusedInTheHandshake(TlsProvider provider, String protocol) throws Exception {
        Instant now = Instant.now();
        // unknown certificate, unknown CA
        assertRefusedInHandshake(provider, protocol, TestPki.device(plainCa, "CN=unknown"), null);
        assertRefusedInHandshake(provider, protocol, TestPki.device(TestPki.ca("CN=Unregistered CA"), "CN=x"), SNI);
        // INACTIVE, REVOKED, PENDING_ACTIVATION (no auto-registration)
        assertRefusedInHandshake(
                provider, protocol, registered(plainCa, plainCaRecord, CertificateStatus.INACTIVE), null);
        assertRefusedInHandshake(
                provider, protocol, registered(plainCa, plainCaRecord, CertificateStatus.REVOKED), null);
        assertRefusedInHandshake(
                provider, protocol, registered(plainCa, plainCaRecord, CertificateStatus.PENDING_ACTIVATION), null);
        // expired, not yet valid
        Device expired =
                TestPki.device(plainCa, "CN=expired", now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
        directory.register(
                expired.certificate(), plainCaRecord.caCertificateId(), CertificateStatus.ACTIVE, List.of(allowAll()));
        assertRefusedInHandshake(provider, protocol, expired, null);
        Device future =
                TestPki.device(plainCa, "CN=future", now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)));
        directory.register(
                future.certificate(), plainCaRecord.caCertificateId(), CertificateStatus.ACTIVE, List.of(allowAll()));
        assertRefusedInHandshake(provider, protocol, future, null);
        // a fake CA with the subject of the auto-registration CA: refused and never registered
        Device impostor = TestPki.device(TestPki.ca("CN=JITR CA,O=Silicon Labs"), "CN=impostor");
        assertRefusedInHandshake(provider, protocol, impostor, SNI);
        assertThat(directory.findCertificate(CertificateIds.of(impostor.certificate())))
                .isEmpty();
        // a certificate whose CA is no longer registered
        TestCa gone = TestPki.ca("CN=Gone CA");
        CaRecord goneRecord = directory.registerCa(gone.certificate(), CaStatus.ACTIVE, false, CertificateMode.DEFAULT);
        Device orphan = registered(gone, goneRecord, CertificateStatus.ACTIVE);
        assertAccepted(provider, protocol, orphan, null);
        directory.cas.remove(goneRecord.caCertificateId());
        assertRefusedInHandshake(provider, protocol, orphan, null);
        // no client certificate at all
        assertRefusedInHandshake(provider, protocol, null, SNI);
    }

    static Device registeredWithoutCa() {
        Device device = TestPki.device(TestPki.ca("CN=Foreign CA " + IDS.incrementAndGet()), "CN=no-ca");
        directory.register(device.certificate(), null, CertificateStatus.ACTIVE, List.of(allowAll()));
        return device;
    }

    /** The warnings {@link ClientCertificateHandler} logged about {@code device}'s certificate. */
    static List<String> warningsAbout(LogCapture log, Device device) {
        String shortId = CertificateIds.of(device.certificate()).substring(0, 12) + "…";
        return log.at(Level.WARN).stream().filter(l -> l.contains(shortId)).toList();
    }

    /**
     * The default rule (docs/adr/0004): a certificate under a CA in multi-account mode, or registered without CA,
     * connects without SNI, as Silicon Labs DIC firmware before "Matter + AWS" does, with one warning per connection
     * that says AWS IoT would refuse it; an SNI that names another host is refused in the handshake as on AWS IoT.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("engines")
    void lenientRuleAcceptsAMissingSniWithAWarningAndRefusesAWrongOne(TlsProvider provider, String protocol)
            throws Exception {
        int port = PORTS.get(provider);
        try (LogCapture log = LogCapture.of(ClientCertificateHandler.class)) {
            Device sniOnly = registered(jitrCa, jitrCaRecord, CertificateStatus.ACTIVE);
            assertThat(probe(port, protocol, sniOnly, null)).isEqualTo(Outcome.ACCEPTED);
            assertThat(warningsAbout(log, sniOnly))
                    .singleElement()
                    .asString()
                    .contains(" (CA in multi-account mode, SNI_ONLY) connected without SNI: AWS IoT refuses this;"
                            + " accepted because this gateway serves one account (--sni-rule strict refuses it as AWS"
                            + " does)");
            assertThat(probe(port, protocol, sniOnly, "other.example.com")).isEqualTo(Outcome.REFUSED_IN_HANDSHAKE);
            assertThat(probe(port, protocol, sniOnly, SNI)).isEqualTo(Outcome.ACCEPTED);
            assertThat(warningsAbout(log, sniOnly)).hasSize(1);

            Device withoutCa = registeredWithoutCa();
            assertThat(probe(port, protocol, withoutCa, null)).isEqualTo(Outcome.ACCEPTED);
            assertThat(warningsAbout(log, withoutCa))
                    .singleElement()
                    .asString()
                    .contains(" (registered without CA, SNI_ONLY) connected without SNI: AWS IoT refuses this");
            assertThat(probe(port, protocol, withoutCa, "other.example.com")).isEqualTo(Outcome.REFUSED_IN_HANDSHAKE);

            Device plain = registered(plainCa, plainCaRecord, CertificateStatus.ACTIVE);
            assertThat(probe(port, protocol, plain, null)).isEqualTo(Outcome.ACCEPTED);
            assertThat(warningsAbout(log, plain)).isEmpty();
        }
    }

    /** AWS IoT's rule: SNI_ONLY certificates must name one of the gateway's host names; DEFAULT ones need no SNI. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("engines")
    void strictRuleRefusesAMissingOrWrongSniInTheHandshake(TlsProvider provider, String protocol) throws Exception {
        int port = STRICT_PORTS.get(provider);
        for (Device sniOnly :
                List.of(registered(jitrCa, jitrCaRecord, CertificateStatus.ACTIVE), registeredWithoutCa())) {
            assertThat(probe(port, protocol, sniOnly, null)).isEqualTo(Outcome.REFUSED_IN_HANDSHAKE);
            assertThat(probe(port, protocol, sniOnly, "other.example.com")).isEqualTo(Outcome.REFUSED_IN_HANDSHAKE);
            assertThat(probe(port, protocol, sniOnly, SNI)).isEqualTo(Outcome.ACCEPTED);
        }
        assertThat(probe(port, protocol, registered(plainCa, plainCaRecord, CertificateStatus.ACTIVE), null))
                .isEqualTo(Outcome.ACCEPTED);
    }

    /**
     * A CA registered but INACTIVE (AWS IoT Developer Guide, "Manage your CA certificates" and
     * auto-register-device-cert): an unknown certificate it signed is refused in the handshake and nothing is
     * registered, even with auto-registration on; certificates registered under it before it was deactivated keep
     * working until they are revoked one by one.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("engines")
    void anInactiveCaRegistersNothingButLeavesItsCertificatesWorking(TlsProvider provider, String protocol)
            throws Exception {
        TestCa ca = TestPki.ca("CN=Deactivated CA " + IDS.incrementAndGet());
        CaRecord inactive = directory.registerCa(ca.certificate(), CaStatus.INACTIVE, true, CertificateMode.DEFAULT);
        Device unknown = TestPki.device(ca, "CN=never-registered-" + IDS.incrementAndGet());
        assertRefusedInHandshake(provider, protocol, unknown, SNI);
        assertThat(directory.findCertificate(CertificateIds.of(unknown.certificate())))
                .isEmpty();
        assertAccepted(provider, protocol, registered(ca, inactive, CertificateStatus.ACTIVE), SNI);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("engines")
    void justInTimeRegistrationCompletesTheHandshakeRegistersAndCloses(TlsProvider provider, String protocol)
            throws Exception {
        Device fresh = TestPki.device(jitrCa, "CN=jitr-" + IDS.incrementAndGet());
        assertThat(probe(provider, protocol, fresh, SNI)).isEqualTo(Outcome.CLOSED_AFTER_HANDSHAKE);
        String id = CertificateIds.of(fresh.certificate());
        Optional<DeviceRecord> record = Optional.empty();
        for (int i = 0; i < 50 && record.isEmpty(); i++) {
            record = directory.findCertificate(id);
            Thread.sleep(20);
        }
        assertThat(record).map(DeviceRecord::status).contains(CertificateStatus.PENDING_ACTIVATION);
        // still pending: the handshake completes again (the event is published again), then the connection closes
        assertThat(probe(provider, protocol, fresh, SNI)).isEqualTo(Outcome.CLOSED_AFTER_HANDSHAKE);
        directory.setStatus(id, CertificateStatus.ACTIVE);
        directory.setPolicies(id, List.of(allowAll()));
        assertAccepted(provider, protocol, fresh, SNI);
    }
}
