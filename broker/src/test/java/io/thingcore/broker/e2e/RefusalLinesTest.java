package io.thingcore.broker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.broker.MqttBroker;
import io.thingcore.broker.SniRule;
import io.thingcore.broker.TlsProvider;
import io.thingcore.broker.refusals.RefusalReason;
import io.thingcore.broker.refusals.RefusedConnection;
import io.thingcore.broker.spi.CaRecord;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.testing.BrokersPerTlsEngine;
import io.thingcore.broker.testing.LeakWatcher;
import io.thingcore.broker.testing.LogCapture;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.pki.CertificateIds;
import io.thingcore.testkit.mqtt.RawMqttClient;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "Why was my device refused?" (issue 15): each mistake a device developer makes, driven by a real TLS client against
 * the broker with both engines, gives exactly one WARN line that says what happened and the likely fix, and a row in
 * the refused connections record. Both brokers apply {@link SniRule#STRICT} (so a missing SNI is refused) and run one
 * event loop, so that once a later connection's line is logged every line of an earlier one has been too.
 */
class RefusalLinesTest {
    static final String HOST = "localhost";
    static final AtomicInteger IDS = new AtomicInteger();

    static TestPki pki;
    static TestDirectory directory;
    static TestCa ca;
    static CaRecord caRecord;
    static TestCa multiAccountCa;
    static CaRecord multiAccountCaRecord;
    static BrokersPerTlsEngine engines;
    static Map<TlsProvider, MqttBroker> BROKERS;
    static Map<TlsProvider, Integer> PORTS;

    LogCapture log;

    /** Each broker's refusal counters before the connection the next {@link #assertOneLine} is about. */
    final Map<TlsProvider, Map<RefusalReason, Long>> countedBefore = new EnumMap<>(TlsProvider.class);

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki();
        directory = new TestDirectory();
        ca = TestPki.ca("CN=Device CA");
        caRecord = directory.registerCa(ca.certificate(), CaStatus.ACTIVE, false, CertificateMode.DEFAULT);
        multiAccountCa = TestPki.ca("CN=Multi-account CA");
        multiAccountCaRecord =
                directory.registerCa(multiAccountCa.certificate(), CaStatus.ACTIVE, false, CertificateMode.SNI_ONLY);
        engines = BrokersPerTlsEngine.start(
                pki,
                directory,
                directory,
                b -> b.hostNames(List.of(HOST)).sniRule(SniRule.STRICT).eventLoopThreads(1));
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
    }

    @BeforeEach
    void capture() {
        // Netty's own loggers too: a refused connection must not add a library line of its own.
        log = LogCapture.named("io");
        BROKERS.forEach((provider, broker) ->
                countedBefore.put(provider, broker.counters().refusals()));
    }

    @AfterEach
    void release() {
        log.close();
    }

    static Device registered(TestCa issuer, CaRecord issuerRecord, CertificateStatus status) {
        Device device = TestPki.device(issuer, "CN=device-" + IDS.incrementAndGet());
        directory.register(
                device.certificate(),
                issuerRecord.caCertificateId(),
                status,
                List.of(TestDirectory.policy("ALLOW", TestDirectory.ALLOW_ALL)));
        return device;
    }

    static String shortId(Device device) {
        return CertificateIds.of(device.certificate()).substring(0, 12) + "…";
    }

    /** What a device's mistake makes the client do, and the line and reason the gateway must answer it with. */
    @FunctionalInterface
    interface Mistake {
        Refusal make(TlsProvider provider) throws Exception;
    }

    /** The connection from {@code localPort}, and what its one line must say ({@code about}: null for none). */
    record Refusal(int localPort, @Nullable String about, String detail, RefusalReason reason) {}

    /** Every mistake, with both engines. */
    static Stream<Arguments> mistakes() {
        Map<String, Mistake> mistakes = new LinkedHashMap<>();
        mistakes.put("client that does not trust the server CA", provider -> {
            Device device = registered(ca, caRecord, CertificateStatus.ACTIVE);
            SSLContext distrusting =
                    TestPki.clientContext(device, TestPki.ca("CN=Some other CA").certificate());
            return new Refusal(
                    tls(provider, distrusting, HOST),
                    "SNI 'localhost'",
                    "the client does not accept the server's certificate (it sent TLS alert certificate_unknown): it"
                            + " does not trust the gateway's CA, or the host name it connected to is not in the server"
                            + " certificate",
                    RefusalReason.CLIENT_DISTRUSTS_SERVER);
        });
        // Clients that verify the server and close without an alert (a socket closed from the verify callback).
        mistakes.put(
                "client that closes after the server certificate",
                provider -> new Refusal(
                        closeAfterTheServerCertificate(provider),
                        null, // the JDK sends no SNI for a name without a dot
                        "the client closed the connection in the TLS handshake after the server's certificate, without an"
                                + " alert: most likely it does not trust the gateway's CA",
                        RefusalReason.CLIENT_CLOSED_IN_HANDSHAKE));
        mistakes.put(
                "no client certificate",
                provider -> new Refusal(
                        tls(provider, pki.clientContext(null), HOST),
                        "SNI 'localhost'",
                        "the client sent no certificate",
                        RefusalReason.NO_CLIENT_CERTIFICATE));
        mistakes.put("certificate of an unregistered CA", provider -> {
            Device device = TestPki.device(TestPki.ca("CN=Unregistered CA"), "CN=stranger");
            return new Refusal(
                    tls(provider, pki.clientContext(device), HOST),
                    "certificate " + shortId(device) + ", CN=stranger, SNI 'localhost'",
                    "the certificate is not registered and its issuer 'CN=Unregistered CA' is no registered CA that"
                            + " registers certificates just in time",
                    RefusalReason.CERTIFICATE_UNKNOWN);
        });
        mistakes.put(
                "inactive certificate",
                registeredWith(
                        CertificateStatus.INACTIVE,
                        "the certificate is INACTIVE, not ACTIVE",
                        RefusalReason.CERTIFICATE_NOT_ACTIVE));
        mistakes.put(
                "revoked certificate",
                registeredWith(
                        CertificateStatus.REVOKED, "the certificate is REVOKED", RefusalReason.CERTIFICATE_REVOKED));
        mistakes.put(
                "pending certificate",
                registeredWith(
                        CertificateStatus.PENDING_ACTIVATION,
                        "the certificate is PENDING_ACTIVATION, not ACTIVE",
                        RefusalReason.CERTIFICATE_PENDING_ACTIVATION));
        mistakes.put("expired certificate", provider -> {
            Instant ended = TestPki.NOW.minus(Duration.ofDays(1));
            return outsideItsValidity(
                    provider,
                    "CN=expired",
                    TestPki.NOW.minus(Duration.ofDays(10)),
                    ended,
                    "the certificate expired at " + ended,
                    RefusalReason.CERTIFICATE_EXPIRED);
        });
        mistakes.put("not yet valid certificate", provider -> {
            Instant starts = TestPki.NOW.plus(Duration.ofDays(1));
            return outsideItsValidity(
                    provider,
                    "CN=future",
                    starts,
                    TestPki.NOW.plus(Duration.ofDays(10)),
                    "the certificate is not valid before " + starts,
                    RefusalReason.CERTIFICATE_NOT_YET_VALID);
        });
        // docs/adr/0004: an SNI_ONLY certificate needs SNI under the strict rule, and a wrong SNI is never accepted.
        mistakes.put("missing SNI", provider -> {
            Device device = registered(multiAccountCa, multiAccountCaRecord, CertificateStatus.ACTIVE);
            return new Refusal(
                    tls(provider, pki.clientContext(device), null),
                    "certificate " + shortId(device) + ", CN=" + cn(device),
                    "the certificate is SNI_ONLY and the client sent no SNI (--sni-rule strict, as AWS IoT), host"
                            + " names [localhost]",
                    RefusalReason.SNI_MISSING);
        });
        mistakes.put("wrong SNI", provider -> {
            Device device = registered(multiAccountCa, multiAccountCaRecord, CertificateStatus.ACTIVE);
            return new Refusal(
                    tls(provider, pki.clientContext(device), "iot.example.com"),
                    "certificate " + shortId(device) + ", CN=" + cn(device) + ", SNI 'iot.example.com'",
                    "the certificate is SNI_ONLY and its SNI 'iot.example.com' names none of the gateway's host"
                            + " names [localhost]",
                    RefusalReason.SNI_WRONG);
        });
        // A TLS 1.1 ClientHello (RFC 4346 section 7.4.1.2): the JDK client no longer offers TLS 1.1 at all.
        mistakes.put(
                "TLS version the gateway does not accept",
                provider -> new Refusal(
                        raw(provider, clientHello(0x0302, 0xc013)),
                        null,
                        "the client offers no TLS version the gateway accepts (TLS 1.2, TLS 1.3)",
                        RefusalReason.TLS_VERSION_MISMATCH));
        // TLS 1.2 offering only TLS_RSA_WITH_3DES_EDE_CBC_SHA (0x000a), which neither engine enables.
        mistakes.put(
                "cipher suite the gateway does not accept",
                provider -> new Refusal(
                        raw(provider, clientHello(0x0303, 0x000a)),
                        null,
                        "the client offers no cipher suite the gateway accepts",
                        RefusalReason.TLS_CIPHER_MISMATCH));
        mistakes.put(
                "plain MQTT on the TLS port",
                provider -> new Refusal(
                        raw(provider, RawMqttClient.connectPacket("plain-device", 4)),
                        null,
                        "the client sent an MQTT CONNECT without TLS to the MQTT over TLS port",
                        RefusalReason.PLAIN_MQTT));
        mistakes.put(
                "HTTP on the MQTT port",
                provider -> new Refusal(
                        raw(
                                provider,
                                "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                        null,
                        "the client sent what looks like an HTTP request (starting with 'G') without TLS to the MQTT over TLS"
                                + " port",
                        RefusalReason.HTTP_ON_MQTT_PORT));
        return mistakes.entrySet().stream()
                .flatMap(mistake -> Stream.of(TlsProvider.JDK, TlsProvider.OPENSSL)
                        .map(provider -> Arguments.of(mistake.getKey(), provider, mistake.getValue())));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("mistakes")
    void oneLineSaysWhatHappenedAndTheFix(String name, TlsProvider provider, Mistake mistake) throws Exception {
        Refusal refusal = mistake.make(provider);
        assertOneLine(provider, refusal.localPort(), refusal.about(), refusal.detail(), refusal.reason());
    }

    /** A device registered with {@code status} under the device CA, connecting without SNI. */
    static Mistake registeredWith(CertificateStatus status, String detail, RefusalReason reason) {
        return provider -> {
            Device device = registered(ca, caRecord, status);
            return new Refusal(
                    tls(provider, pki.clientContext(device), null),
                    "certificate " + shortId(device) + ", CN=" + cn(device),
                    detail,
                    reason);
        };
    }

    /** A registered, ACTIVE device whose certificate is valid from {@code notBefore} to {@code notAfter}. */
    static Refusal outsideItsValidity(
            TlsProvider provider,
            String subject,
            Instant notBefore,
            Instant notAfter,
            String detail,
            RefusalReason reason)
            throws IOException {
        Device device = TestPki.device(ca, subject, notBefore, notAfter);
        directory.register(device.certificate(), caRecord.caCertificateId(), CertificateStatus.ACTIVE, List.of());
        return new Refusal(
                tls(provider, pki.clientContext(device), null),
                "certificate " + shortId(device) + ", " + subject,
                detail,
                reason);
    }

    /** A client that verifies the server by closing the TCP connection (no alert); returns its local port. */
    static int closeAfterTheServerCertificate(TlsProvider provider) throws Exception {
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress("127.0.0.1", PORTS.get(provider)));
        int local = raw.getLocalPort();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new X509TrustManager[] {new ClosingTrustManager(raw)}, null);
        try (SSLSocket socket =
                (SSLSocket) context.getSocketFactory().createSocket(raw, "localhost", PORTS.get(provider), true)) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
        } catch (IOException expected) {
            // the client gave up on the server's certificate
        }
        return local;
    }

    static String cn(Device device) {
        return device.certificate().getSubjectX500Principal().getName().substring("CN=".length());
    }

    /**
     * Waits for the line about the connection from {@code localPort}, checks it is the only line about it (a sentinel
     * connection's line proves the event loop is past it), and that the record lists it first.
     */
    void assertOneLine(TlsProvider provider, int localPort, String about, String detail, RefusalReason reason)
            throws Exception {
        String address = "/127.0.0.1:" + localPort;
        String expected = "WARN connection from " + address + " refused" + (about == null ? "" : " (" + about + ")")
                + ": " + detail + ". Fix: " + reason.fix();
        awaitLineAbout(address);
        RefusedConnection recorded = BROKERS.get(provider).refusedConnections().get(0);
        assertThat(recorded.reason()).isEqualTo(reason);
        assertThat(recorded.remoteAddress()).isEqualTo(address);
        assertCountedOnce(provider, reason);
        int sentinel = raw(provider, "SENTINEL\r\n".getBytes(StandardCharsets.US_ASCII));
        awaitLineAbout("/127.0.0.1:" + sentinel);
        assertThat(linesAbout(address)).containsExactly(expected);
        assertCountedOnce(provider, RefusalReason.HTTP_ON_MQTT_PORT); // the sentinel: a text line
    }

    /**
     * {@code thingcore_mqtt_refusals_total}: since the last refusal asserted, the broker counted exactly one, under
     * {@code reason} (the counter is moved before the line is written, so it is final once the line is there).
     */
    void assertCountedOnce(TlsProvider provider, RefusalReason reason) {
        Map<RefusalReason, Long> now = BROKERS.get(provider).counters().refusals();
        Map<RefusalReason, Long> moved = new EnumMap<>(RefusalReason.class);
        now.forEach((r, n) -> {
            long delta = n - countedBefore.get(provider).getOrDefault(r, 0L);
            if (delta != 0) {
                moved.put(r, delta);
            }
        });
        assertThat(moved).as("refusals counted by reason").isEqualTo(Map.of(reason, 1L));
        countedBefore.put(provider, now);
    }

    void awaitLineAbout(String address) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (linesAbout(address).isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.sleep(5);
        }
        assertThat(linesAbout(address))
                .as("a line about %s in %s", address, log.all())
                .isNotEmpty();
    }

    /** The captured lines that name {@code address} (with its port: a line about another connection never does). */
    List<String> linesAbout(String address) {
        List<String> lines = new ArrayList<>();
        for (String line : log.all()) {
            if (line.contains(address + " ") || line.contains(address + ":") || line.endsWith(address)) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** A JDK TLS client's attempt with MQTT 3.1.1 CONNECT after the handshake; returns its local port. */
    static int tls(TlsProvider provider, SSLContext context, String sni) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", PORTS.get(provider))) {
            socket.setSoTimeout(5000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            socket.setSSLParameters(parameters);
            int local = socket.getLocalPort();
            try {
                socket.startHandshake();
                socket.getOutputStream().write(RawMqttClient.connectPacket("refused-" + IDS.incrementAndGet(), 4));
                socket.getOutputStream().flush();
                socket.getInputStream().read();
            } catch (IOException expected) {
                // refused: what the server logs is the point
            }
            return local;
        }
    }

    /** Sends {@code bytes} over plain TCP, reads until the server closes; returns the local port. */
    static int raw(TlsProvider provider, byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", PORTS.get(provider))) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // drain the alert, if any, until the close
                }
            } catch (IOException closed) {
                // a reset is a close too
            }
            return socket.getLocalPort();
        }
    }

    /**
     * A ClientHello record with one cipher suite (RFC 5246 section 7.4.1.2, which TLS 1.0 to 1.2 share): {@code version}
     * is the legacy version field (0x0302 TLS 1.1, 0x0303 TLS 1.2). Its extensions are those a TLS 1.2 client with an
     * EC key sends: supported_groups secp256r1 and x25519 (RFC 8422 section 5.1.1) and signature_algorithms
     * ecdsa_secp256r1_sha256 (RFC 5246 section 7.4.1.4.1).
     */
    static byte[] clientHello(int version, int cipherSuite) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(version >> 8);
        body.write(version & 0xff);
        body.writeBytes(new byte[32]); // random
        body.write(0); // session ID length
        body.writeBytes(new byte[] {0, 2, (byte) (cipherSuite >> 8), (byte) cipherSuite});
        body.writeBytes(new byte[] {1, 0}); // compression methods: null
        byte[] extensions = {
            0x00,
            0x0a,
            0,
            6,
            0,
            4,
            0x00,
            0x17,
            0x00,
            0x1d, // supported_groups
            0x00,
            0x0d,
            0,
            4,
            0,
            2,
            0x04,
            0x03 // signature_algorithms
        };
        body.write(0);
        body.write(extensions.length);
        body.writeBytes(extensions);
        byte[] hello = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(new byte[] {22, 3, 1}); // handshake record, legacy record version
        int handshakeLength = hello.length + 4;
        record.write(handshakeLength >> 8);
        record.write(handshakeLength & 0xff);
        record.write(1); // client_hello
        record.write(0);
        record.write(hello.length >> 8);
        record.write(hello.length & 0xff);
        record.writeBytes(hello);
        return record.toByteArray();
    }

    /** A client that verifies the server's certificate by closing the TCP connection, with no alert. */
    private static final class ClosingTrustManager implements X509TrustManager {
        private final Socket raw;

        ClosingTrustManager(Socket raw) {
            this.raw = raw;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                raw.close();
            } catch (IOException e) {
                throw new CertificateException(e);
            }
            throw new CertificateException("not trusted");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
