package io.thingcore.broker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.MqttBroker;
import io.thingcore.broker.SniRule;
import io.thingcore.broker.TlsProvider;
import io.thingcore.broker.refusals.RefusalReason;
import io.thingcore.broker.refusals.RefusedConnection;
import io.thingcore.broker.spi.CaRecord;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
    static final Map<TlsProvider, MqttBroker> BROKERS = new EnumMap<>(TlsProvider.class);
    static final Map<TlsProvider, Integer> PORTS = new EnumMap<>(TlsProvider.class);

    LogCapture log;

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki();
        directory = new TestDirectory();
        ca = TestPki.ca("CN=Device CA");
        caRecord = directory.registerCa(ca.certificate(), CaStatus.ACTIVE, false, CertificateMode.DEFAULT);
        multiAccountCa = TestPki.ca("CN=Multi-account CA");
        multiAccountCaRecord =
                directory.registerCa(multiAccountCa.certificate(), CaStatus.ACTIVE, false, CertificateMode.SNI_ONLY);
        for (TlsProvider provider : List.of(TlsProvider.JDK, TlsProvider.OPENSSL)) {
            MqttBroker broker = new MqttBroker(directory, directory);
            BROKERS.put(provider, broker);
            PORTS.put(
                    provider,
                    broker.start(BrokerConfig.builder(
                                    pki.serverKey, List.of(pki.serverCertificate, pki.serverCa.certificate()))
                            .bindHost("127.0.0.1")
                            .port(0)
                            .hostNames(List.of(HOST))
                            .accountId("123456789012")
                            .tlsProvider(provider)
                            .sniRule(SniRule.STRICT)
                            .eventLoopThreads(1)
                            .build()));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (MqttBroker broker : BROKERS.values()) {
            broker.close();
        }
        directory.close();
        LeakWatcher.assertNoLeaks();
    }

    @BeforeEach
    void capture() {
        // Netty's own loggers too: a refused connection must not add a library line of its own.
        log = LogCapture.named("io");
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

    @ParameterizedTest
    @EnumSource(names = {"JDK", "OPENSSL"})
    void clientThatDoesNotTrustTheServerCa(TlsProvider provider) throws Exception {
        Device device = registered(ca, caRecord, CertificateStatus.ACTIVE);
        SSLContext distrusting =
                TestPki.clientContext(device, TestPki.ca("CN=Some other CA").certificate());
        int local = tls(provider, distrusting, HOST);
        assertOneLine(
                provider,
                local,
                "SNI 'localhost'",
                "the client does not accept the server's certificate (it sent TLS alert certificate_unknown): it does"
                        + " not trust the gateway's CA, or the host name it connected to is not in the server"
                        + " certificate",
                RefusalReason.CLIENT_DISTRUSTS_SERVER);
    }

    /** Clients that verify the server and close without an alert (a socket closed from the verify callback). */
    @ParameterizedTest
    @EnumSource(names = {"JDK", "OPENSSL"})
    void clientThatClosesAfterTheServerCertificate(TlsProvider provider) throws Exception {
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
        assertOneLine(
                provider,
                local,
                null, // the JDK sends no SNI for a name without a dot
                "the client closed the connection in the TLS handshake after the server's certificate, without an"
                        + " alert: most likely it does not trust the gateway's CA",
                RefusalReason.CLIENT_CLOSED_IN_HANDSHAKE);
    }

    @ParameterizedTest
    @EnumSource(names = {"JDK", "OPENSSL"})
    void noClientCertificate(TlsProvider provider) throws Exception {
        int local = tls(provider, pki.clientContext(null), HOST);
        assertOneLine(
                provider,
                local,
                "SNI 'localhost'",
                "the client sent no certificate",
                RefusalReason.NO_CLIENT_CERTIFICATE);
    }

    @ParameterizedTest
    @EnumSource(names = {"JDK", "OPENSSL"})
    void certificateOfAnUnregisteredCa(TlsProvider provider) throws Exception {
        Device device = TestPki.device(TestPki.ca("CN=Unregistered CA"), "CN=stranger");
        int local = tls(provider, pki.clientContext(device), HOST);
        assertOneLine(
                provider,
                local,
                "certificate " + shortId(device) + ", CN=stranger, SNI 'localhost'",
                "the certificate is not registered and its issuer 'CN=Unregistered CA' is no registered CA that"
                        + " registers certificates just in time",
                RefusalReason.CERTIFICATE_UNKNOWN);
    }

    @ParameterizedTest
    @EnumSource(names = {"JDK", "OPENSSL"})
    void inactiveRevokedAndPendingCertificates(TlsProvider provider) throws Exception {
        Device inactive = registered(ca, caRecord, CertificateStatus.INACTIVE);
        assertOneLine(
                provider,
                tls(provider, pki.clientContext(inactive), null),
                "certificate " + shortId(inactive) + ", CN=" + cn(inactive),
                "the certificate is INACTIVE, not ACTIVE",
                RefusalReason.CERTIFICATE_NOT_ACTIVE);
        Device revoked = registered(ca, caRecord, CertificateStatus.REVOKED);
        assertOneLine(
                provider,
                tls(provider, pki.clientContext(revoked), null),
                "certificate " + shortId(revoked) + ", CN=" + cn(revoked),
                "the certificate is REVOKED",
                RefusalReason.CERTIFICATE_REVOKED);
        Device pending = registered(ca, caRecord, CertificateStatus.PENDING_ACTIVATION);
        assertOneLine(
                provider,
                tls(provider, pki.clientContext(pending), null),
                "certificate " + shortId(pending) + ", CN=" + cn(pending),
                "the certificate is PENDING_ACTIVATION, not ACTIVE",
                RefusalReason.CERTIFICATE_PENDING_ACTIVATION);
    }

    @ParameterizedTest
    @EnumSource(names = {"JDK", "OPENSSL"})
    void expiredAndNotYetValidCertificates(TlsProvider provider) throws Exception {
        Instant now = TestPki.NOW;
        Instant ended = now.minus(Duration.ofDays(1));
        Device expired = TestPki.device(ca, "CN=expired", now.minus(Duration.ofDays(10)), ended);
        directory.register(expired.certificate(), caRecord.caCertificateId(), CertificateStatus.ACTIVE, List.of());
        assertOneLine(
                provider,
                tls(provider, pki.clientContext(expired), null),
                "certificate " + shortId(expired) + ", CN=expired",
                "the certificate expired at " + ended,
                RefusalReason.CERTIFICATE_EXPIRED);
        Instant starts = now.plus(Duration.ofDays(1));
        Device future = TestPki.device(ca, "CN=future", starts, now.plus(Duration.ofDays(10)));
        directory.register(future.certificate(), caRecord.caCertificateId(), CertificateStatus.ACTIVE, List.of());
        assertOneLine(
                provider,
                tls(provider, pki.clientContext(future), null),
                "certificate " + shortId(future) + ", CN=future",
                "the certificate is not valid before " + starts,
                RefusalReason.CERTIFICATE_NOT_YET_VALID);
    }

    /** docs/adr/0004: an SNI_ONLY certificate needs SNI under the strict rule, and a wrong SNI is never accepted. */
    @ParameterizedTest
    @EnumSource(names = {"JDK", "OPENSSL"})
    void missingAndWrongSni(TlsProvider provider) throws Exception {
        Device device = registered(multiAccountCa, multiAccountCaRecord, CertificateStatus.ACTIVE);
        assertOneLine(
                provider,
                tls(provider, pki.clientContext(device), null),
                "certificate " + shortId(device) + ", CN=" + cn(device),
                "the certificate is SNI_ONLY and the client sent no SNI (--sni-rule strict, as AWS IoT), host names"
                        + " [localhost]",
                RefusalReason.SNI_MISSING);
        assertOneLine(
                provider,
                tls(provider, pki.clientContext(device), "iot.example.com"),
                "certificate " + shortId(device) + ", CN=" + cn(device) + ", SNI 'iot.example.com'",
                "the certificate is SNI_ONLY and its SNI 'iot.example.com' names none of the gateway's host names"
                        + " [localhost]",
                RefusalReason.SNI_WRONG);
    }

    @ParameterizedTest
    @EnumSource(names = {"JDK", "OPENSSL"})
    void tlsVersionTheGatewayDoesNotAccept(TlsProvider provider) throws Exception {
        // A TLS 1.1 ClientHello (RFC 4346 section 7.4.1.2): the JDK client no longer offers TLS 1.1 at all.
        int local = raw(provider, clientHello(0x0302, 0xc013));
        assertOneLine(
                provider,
                local,
                null,
                "the client offers no TLS version the gateway accepts (TLS 1.2, TLS 1.3)",
                RefusalReason.TLS_VERSION_MISMATCH);
    }

    @ParameterizedTest
    @EnumSource(names = {"JDK", "OPENSSL"})
    void cipherSuiteTheGatewayDoesNotAccept(TlsProvider provider) throws Exception {
        // TLS 1.2 offering only TLS_RSA_WITH_3DES_EDE_CBC_SHA (0x000a), which neither engine enables.
        int local = raw(provider, clientHello(0x0303, 0x000a));
        assertOneLine(
                provider,
                local,
                null,
                "the client offers no cipher suite the gateway accepts",
                RefusalReason.TLS_CIPHER_MISMATCH);
    }

    @ParameterizedTest
    @EnumSource(names = {"JDK", "OPENSSL"})
    void plainMqttOnTheTlsPort(TlsProvider provider) throws Exception {
        int local = raw(provider, RawMqttClient.connectPacket("plain-device", 4));
        assertOneLine(
                provider,
                local,
                null,
                "the client sent an MQTT CONNECT without TLS to the MQTT over TLS port",
                RefusalReason.PLAIN_MQTT);
    }

    @ParameterizedTest
    @EnumSource(names = {"JDK", "OPENSSL"})
    void httpOnTheMqttPort(TlsProvider provider) throws Exception {
        int local =
                raw(provider, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertOneLine(
                provider,
                local,
                null,
                "the client sent what looks like an HTTP request (starting with 'G') without TLS to the MQTT over TLS"
                        + " port",
                RefusalReason.HTTP_ON_MQTT_PORT);
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
        int sentinel = raw(provider, "SENTINEL\r\n".getBytes(StandardCharsets.US_ASCII));
        awaitLineAbout("/127.0.0.1:" + sentinel);
        assertThat(linesAbout(address)).containsExactly(expected);
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
