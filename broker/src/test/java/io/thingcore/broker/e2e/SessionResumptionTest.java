package io.thingcore.broker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.broker.MqttBroker;
import io.thingcore.broker.TlsProvider;
import io.thingcore.broker.spi.CaRecord;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.DeviceDirectory;
import io.thingcore.broker.spi.DeviceRecord;
import io.thingcore.broker.spi.ThingRecord;
import io.thingcore.broker.testing.BrokersPerTlsEngine;
import io.thingcore.broker.testing.LeakWatcher;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.tls.RegistryTrustManager;
import io.thingcore.pki.CertificateIds;
import io.thingcore.testkit.mqtt.TlsProbe;
import io.thingcore.testkit.mqtt.TlsProbe.Attempt;
import io.thingcore.testkit.mqtt.TlsProbe.Outcome;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS session resumption (docs/security.md, "Resumed TLS sessions are decided again"; ServerTls): a resumed handshake
 * skips the trust manager, so the decision made again on handshake completion (ClientCertificateHandler) is the only
 * one. A device that reconnects with the session (ticket) of an accepted connection is accepted again; one whose
 * certificate was deactivated or revoked since gets no CONNACK. The client is the JDK's, which offers the cached
 * session of its {@link SSLContext}; whether the server resumed is seen from both ends: the trust manager was not
 * consulted for the certificate ({@link TrustManagerLookups}), and the client's session kept the creation time of the
 * first one.
 *
 * <p>Both engines (JDK 25 and netty-tcnative BoringSSL servers, JDK 25 client) resume over TLS 1.2 and 1.3: see
 * {@link #reconnect}.
 */
class SessionResumptionTest {
    static final AtomicInteger IDS = new AtomicInteger();

    static TestPki pki;
    static TestDirectory directory;
    static TrustManagerLookups lookups;
    static BrokersPerTlsEngine engines;
    static Map<TlsProvider, MqttBroker> BROKERS;
    static Map<TlsProvider, Integer> PORTS;
    static TestCa ca;
    static CaRecord caRecord;

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki();
        directory = new TestDirectory();
        lookups = new TrustManagerLookups(directory);
        ca = TestPki.ca("CN=Resumption CA");
        caRecord = directory.registerCa(ca.certificate(), CaStatus.ACTIVE, false, CertificateMode.DEFAULT);
        engines = BrokersPerTlsEngine.start(pki, lookups, directory, b -> b);
        BROKERS = engines.brokers();
        PORTS = engines.ports();
    }

    @AfterAll
    static void stop() throws Exception {
        if (engines != null) {
            engines.close();
        }
        directory.close();
        LeakWatcher.assertNoLeaks();
        assertThat(io.thingcore.broker.testing.NonBlocking.VIOLATIONS).isEmpty();
    }

    static Stream<Arguments> engines() {
        return Stream.of(TlsProvider.JDK, TlsProvider.OPENSSL)
                .flatMap(p -> Stream.of(Arguments.of(p, "TLSv1.2"), Arguments.of(p, "TLSv1.3")));
    }

    static Stream<Arguments> enginesAndRefusedStatuses() {
        return engines()
                .flatMap(e -> Stream.of(CertificateStatus.INACTIVE, CertificateStatus.REVOKED)
                        .map(status -> Arguments.of(e.get()[0], e.get()[1], status)));
    }

    static Device registered() {
        Device device = TestPki.device(ca, "CN=device-" + IDS.incrementAndGet());
        directory.register(
                device.certificate(),
                caRecord.caCertificateId(),
                CertificateStatus.ACTIVE,
                List.of(TestDirectory.policy("ALLOW", TestDirectory.ALLOW_ALL)));
        return device;
    }

    static Attempt attempt(TlsProvider provider, String protocol, SSLContext context) throws IOException {
        return TlsProbe.attempt(PORTS.get(provider), context, protocol, null, "resume-" + IDS.incrementAndGet());
    }

    /**
     * Connects again with {@code context} after {@code first}, and checks that the handshake was resumed, from both
     * ends: the server resumes a session the JDK client offers with both engines and both protocol versions, from a
     * session ticket (the server-side session cache is off, ServerTls), and the resumed session still carries the
     * client's certificate, which ClientCertificateHandler decides on.
     *
     * <p>The JDK engine cannot put a session with bound values in a stateless ticket ("There are boundValues, cannot
     * make stateless ticket" in {@code javax.net.debug}). Until RegistryTrustManager stopped leaving the parsed
     * certificate in the handshake session (HandshakeHandOff), that engine therefore sent TLS 1.2 clients an empty
     * ticket, and each of their handshakes was a full one.
     */
    static Attempt reconnect(TlsProvider provider, String protocol, SSLContext context, Attempt first, String id)
            throws IOException {
        int trustManagerLookups = lookups.count(id);
        Attempt again = attempt(provider, protocol, context);
        boolean serverResumed = lookups.count(id) == trustManagerLookups;
        // The JDK client gives a resumed session the creation time of the one it resumes (and, over TLS 1.3, a new
        // ID per ticket); a full handshake makes a new session.
        boolean clientResumed = again.session() != null
                && again.session().getCreationTime() == first.session().getCreationTime();
        assertThat(serverResumed)
                .as("%s %s: the trust manager was skipped (the server resumed)", provider, protocol)
                .isTrue();
        assertThat(clientResumed)
                .as("%s %s: the client's session was resumed", provider, protocol)
                .isTrue();
        return again;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("engines")
    void aResumedSessionIsAcceptedAgain(TlsProvider provider, String protocol) throws Exception {
        Device device = registered();
        String id = CertificateIds.of(device.certificate());
        SSLContext context = pki.clientContext(device);
        Attempt first = attempt(provider, protocol, context);
        assertThat(first.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(lookups.count(id)).as("the first handshake is a full one").isPositive();
        // twice: the session (ticket) a resumed connection leaves behind is resumable too
        for (int i = 0; i < 2; i++) {
            assertThat(reconnect(provider, protocol, context, first, id).outcome())
                    .isEqualTo(Outcome.ACCEPTED);
        }
    }

    /**
     * The device's certificate is deactivated or revoked while it is offline; it comes back with the session of its
     * last accepted connection. Resumed, the handshake completes without the trust manager (no TLS alert), and the
     * broker closes the connection as soon as it completes, before the device's CONNECT (the CONNECT stage checks the
     * status too, so without the decision on completion the device would still get no CONNACK, but only after its
     * CONNECT was read).
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("enginesAndRefusedStatuses")
    void aCertificateDeactivatedSinceTheSessionBeganIsRefusedOnResumption(
            TlsProvider provider, String protocol, CertificateStatus status) throws Exception {
        Device device = registered();
        String id = CertificateIds.of(device.certificate());
        SSLContext context = pki.clientContext(device);
        String clientId = "resume-" + IDS.incrementAndGet();
        Attempt first = TlsProbe.attempt(PORTS.get(provider), context, protocol, null, clientId);
        assertThat(first.outcome()).isEqualTo(Outcome.ACCEPTED);
        awaitOffline(provider, clientId);

        directory.setStatus(id, status);
        BROKERS.get(provider).certificateChanged(id);

        Attempt again = reconnect(provider, protocol, context, first, id);
        assertThat(again.outcome()).isEqualTo(Outcome.CLOSED_AFTER_HANDSHAKE);
        // Decided on handshake completion, not left to the CONNECT stage's own status check.
        assertThat(again.connectSent())
                .as("closed before the client wrote its CONNECT")
                .isFalse();
    }

    /**
     * Waits until the broker has recorded the end of the client's connection (the client closed it after CONNACK).
     * Not "no longer listed as connected": the client can see CONNACK before the broker lists the connection, so an
     * empty list may only mean "not yet".
     */
    static void awaitOffline(TlsProvider provider, String clientId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (BROKERS.get(provider).lastSeen(clientId).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(BROKERS.get(provider).lastSeen(clientId))
                .as("the broker saw the device go offline")
                .isPresent();
    }

    /**
     * The directory as the broker sees it, counting the certificate lookups made by {@link RegistryTrustManager}: at
     * least one per full handshake that presents the certificate (two when its facts are first read, which asks
     * whether it is registered), none for a resumed one (the engine skips the trust manager).
     */
    static final class TrustManagerLookups implements DeviceDirectory {
        private final DeviceDirectory delegate;
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        TrustManagerLookups(DeviceDirectory delegate) {
            this.delegate = delegate;
        }

        int count(String certificateId) {
            AtomicInteger count = counts.get(certificateId);
            return count == null ? 0 : count.get();
        }

        @Override
        public Optional<DeviceRecord> findCertificate(String certificateId) {
            if (StackWalker.getInstance()
                    .walk(frames ->
                            frames.anyMatch(f -> f.getClassName().equals(RegistryTrustManager.class.getName())))) {
                counts.computeIfAbsent(certificateId, k -> new AtomicInteger()).incrementAndGet();
            }
            return delegate.findCertificate(certificateId);
        }

        @Override
        public Optional<CaRecord> findCa(String caCertificateId) {
            return delegate.findCa(caCertificateId);
        }

        @Override
        public List<CaRecord> findCasBySubject(X500Principal subject) {
            return delegate.findCasBySubject(subject);
        }

        @Override
        public Optional<ThingRecord> findThing(String thingName) {
            return delegate.findThing(thingName);
        }
    }
}
