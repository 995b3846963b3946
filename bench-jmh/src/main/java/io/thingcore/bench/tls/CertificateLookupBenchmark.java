package io.thingcore.bench.tls;

import io.thingcore.broker.SniRule;
import io.thingcore.broker.spi.CaRecord;
import io.thingcore.broker.spi.DeviceDirectory;
import io.thingcore.broker.spi.DeviceRecord;
import io.thingcore.broker.tls.AuthenticationResult;
import io.thingcore.broker.tls.CertificateAuthenticator;
import io.thingcore.broker.tls.PresentedCertificate;
import io.thingcore.broker.tls.RegistryTrustManager;
import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.CertificateIds;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.LeafRequest;
import io.thingcore.policy.PolicyDocument;
import io.thingcore.policy.PolicyRef;
import io.thingcore.registry.AutoRegistrationStatus;
import io.thingcore.registry.CaCertificateStatus;
import io.thingcore.registry.CertificateMode;
import io.thingcore.registry.CertificateStatus;
import io.thingcore.registry.Registry;
import io.thingcore.registry.readmodel.CaSnapshot;
import io.thingcore.registry.readmodel.CertificateEntry;
import io.thingcore.registry.readmodel.InMemoryDeviceDirectory;
import io.thingcore.server.RegistryDirectoryForBroker;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The trust decision of one mutual-TLS handshake against a registry of 100,000 certificates: the broker's
 * {@link DeviceDirectory} (the gateway's registry adapter over the registry's {@link InMemoryDeviceDirectory}, as
 * {@code Gateway} wires it), read through the same calls the handshake makes. The broker decides in the handshake
 * ({@link RegistryTrustManager}: the presented DER read into a {@link PresentedCertificate}, then
 * {@link CertificateAuthenticator#authenticate}) and repeats the decision on handshake completion
 * ({@code ClientCertificateHandler}).
 *
 * <p>The snapshot: {@value #CERTIFICATES} ACTIVE certificates (each with one thing and one policy attached) under
 * {@value #CAS} registered CAs. {@value #PRESENTED} of them are real EC P-256 certificates issued at set-up, and the
 * benchmarks cycle through them, as a connect storm of distinct devices would; the others are entries with
 * certificate IDs of the same form (SHA-256 hex of distinct bytes), which is all a lookup by ID sees. No private key
 * outlives the set-up.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CertificateLookupBenchmark {
    static final int CERTIFICATES = 100_000;
    static final int CAS = 2;
    /** A power of two, so that the cursor wraps with a mask. */
    static final int PRESENTED = 1_024;

    private static final String ARN = "arn:aws:iot:us-east-1:123456789012:";
    private static final String POLICY_NAME = "DevicePolicy";
    private static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect", "Resource": "ARN:client/${iot:ClientId}"},
              {"Effect": "Allow", "Action": "iot:Publish", "Resource": "ARN:topic/dt/${iot:ClientId}/*"}]}
            """.replace("ARN:", ARN);

    /** Which of the presented certificates a thread shows next. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        int next() {
            return next++ & (PRESENTED - 1);
        }
    }

    private DeviceDirectory directory;
    private CertificateAuthenticator authenticator;
    private RegistryTrustManager trustManager;
    private X509Certificate[] leaves;
    private X509Certificate[][] chains;
    private String[] ids;
    private PresentedCertificate[] peers;
    private PresentedCertificate unknownPeer;

    @Setup
    public void setUp() throws CertificateException {
        Instant now = Instant.now();
        InMemoryDeviceDirectory readModel = new InMemoryDeviceDirectory();
        readModel.putPolicy(new PolicyRef(POLICY_NAME, ARN + "policy/" + POLICY_NAME, PolicyDocument.parse(POLICY)));

        CertificateAuthority[] cas = new CertificateAuthority[CAS];
        String[] caIds = new String[CAS];
        for (int c = 0; c < CAS; c++) {
            cas[c] = CertificateAuthority.selfSigned(
                    Keys.generate(KeyAlgorithm.EC_P256),
                    "CN=Fleet CA " + (c + 1) + ",O=Example Fleet",
                    now.minus(Duration.ofDays(1)),
                    now.plus(Duration.ofDays(3650)));
            caIds[c] = CertificateIds.of(cas[c].certificate());
            readModel.putCa(new CaSnapshot(
                    caIds[c],
                    ARN + "cacert/" + caIds[c],
                    CaCertificateStatus.ACTIVE,
                    AutoRegistrationStatus.DISABLE,
                    CertificateMode.DEFAULT,
                    cas[c].certificate().getNotBefore().toInstant(),
                    cas[c].certificate().getNotAfter().toInstant(),
                    cas[c].certificate()));
        }

        // Devices' keys do not enter the lookup; one public key for every leaf keeps set-up short.
        PublicKey deviceKey = Keys.generate(KeyAlgorithm.EC_P256).getPublic();
        leaves = new X509Certificate[PRESENTED];
        chains = new X509Certificate[PRESENTED][];
        ids = new String[PRESENTED];
        for (int i = 0; i < CERTIFICATES; i++) {
            int ca = i % CAS;
            String thing = String.format(Locale.ROOT, "thing-%05d", i);
            String id;
            Instant notBefore;
            Instant notAfter;
            if (i < PRESENTED) {
                X509Certificate leaf = cas[ca].issue(
                        LeafRequest.client(deviceKey, "CN=" + thing + ",O=Example Fleet", Duration.ofDays(365)));
                leaves[i] = leaf;
                chains[i] = new X509Certificate[] {leaf};
                id = CertificateIds.of(leaf);
                ids[i] = id;
                notBefore = leaf.getNotBefore().toInstant();
                notAfter = leaf.getNotAfter().toInstant();
            } else {
                id = CertificateIds.sha256Hex(("registered certificate " + i).getBytes(StandardCharsets.UTF_8));
                notBefore = now.minus(Duration.ofMinutes(5));
                notAfter = now.plus(Duration.ofDays(365));
            }
            readModel.putCertificate(new CertificateEntry(
                    id,
                    ARN + "cert/" + id,
                    CertificateStatus.ACTIVE,
                    caIds[ca],
                    CertificateMode.DEFAULT,
                    notBefore,
                    notAfter,
                    List.of(thing),
                    List.of(POLICY_NAME)));
        }

        directory = brokerView(readModel);
        authenticator =
                new CertificateAuthenticator(directory, List.of("localhost"), SniRule.STRICT, Clock.systemUTC());
        trustManager = new RegistryTrustManager(authenticator, false);
        peers = new PresentedCertificate[PRESENTED];
        for (int i = 0; i < PRESENTED; i++) {
            peers[i] = PresentedCertificate.parse(leaves[i], null, "127.0.0.2");
        }
        // A device of a CA nobody registered: the lookup misses and the CA scan finds nothing.
        CertificateAuthority rogue = CertificateAuthority.selfSigned(
                Keys.generate(KeyAlgorithm.EC_P256),
                "CN=Rogue CA,O=Example Fleet",
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(3650)));
        unknownPeer = PresentedCertificate.parse(
                rogue.issue(LeafRequest.client(deviceKey, "CN=thing-00001,O=Example Fleet", Duration.ofDays(365))),
                null,
                "127.0.0.2");

        for (int i = 0; i < PRESENTED; i++) {
            if (!certificateId(at(i)).equals(ids[i])
                    || findCertificate(at(i)).isEmpty()
                    || findCasBySubject(at(i)).size() != 1
                    || !peerCertificate(at(i)).certificateId().equals(ids[i])
                    || !(authenticate(at(i)) instanceof AuthenticationResult.Accepted)) {
                throw new IllegalStateException("presented certificate " + i + " is not found as intended");
            }
            trustManagerDecision(at(i)); // throws when refused
        }
        if (!(authenticateUnknown() instanceof AuthenticationResult.Rejected)) {
            throw new IllegalStateException("the unknown certificate is not refused");
        }
    }

    private static Cursor at(int index) {
        Cursor cursor = new Cursor();
        cursor.next = index;
        return cursor;
    }

    /**
     * The broker's view of the registry exactly as {@code Gateway} builds it; every measured call goes through the
     * {@link DeviceDirectory} interface. Its registry and writer serve only just-in-time registration, which no
     * benchmark reaches.
     */
    private static DeviceDirectory brokerView(InMemoryDeviceDirectory readModel) {
        Executor noWrites = task -> {
            throw new IllegalStateException("the benchmark registers nothing");
        };
        Registry noRegistry = (Registry) Proxy.newProxyInstance(
                Registry.class.getClassLoader(), new Class<?>[] {Registry.class}, (proxy, method, args) -> {
                    throw new IllegalStateException("the benchmark registers nothing");
                });
        return new RegistryDirectoryForBroker(noRegistry, readModel, noWrites);
    }

    /** The certificate ID of a presented certificate: SHA-256 of its DER, as lowercase hex. */
    @Benchmark
    public String certificateId(Cursor cursor) {
        return CertificateIds.of(leaves[cursor.next()]);
    }

    /** The device certificate record by ID, among 100,000. */
    @Benchmark
    public Optional<DeviceRecord> findCertificate(Cursor cursor) {
        return directory.findCertificate(ids[cursor.next()]);
    }

    /**
     * The CA records by the presented certificate's issuer (a scan over the registered CAs). The issuer principal is
     * one already compared, so its canonical form is cached; {@link #authenticateUnknown} pays it afresh.
     */
    @Benchmark
    public List<CaRecord> findCasBySubject(Cursor cursor) {
        return directory.findCasBySubject(leaves[cursor.next()].getIssuerX500Principal());
    }

    /** Reading the presented certificate as the broker does per decision: DER re-parsed, ID, names, SANs. */
    @Benchmark
    public PresentedCertificate peerCertificate(Cursor cursor) throws CertificateException {
        return PresentedCertificate.parse(leaves[cursor.next()], null, "127.0.0.2");
    }

    /** The decision for an already read, registered and ACTIVE certificate: lookups, status, validity, CA, SNI. */
    @Benchmark
    public AuthenticationResult authenticate(Cursor cursor) {
        return authenticator.authenticate(peers[cursor.next()]);
    }

    /** The decision for a certificate nobody registered, of an unregistered CA: refused. */
    @Benchmark
    public AuthenticationResult authenticateUnknown() {
        return authenticator.authenticate(unknownPeer);
    }

    /**
     * The whole in-handshake decision for a registered, ACTIVE certificate that connected before (a reconnecting
     * device): {@link PresentedCertificate} read from the presented chain, its facts from the trust manager's cache of
     * recently presented certificates (the {@value #PRESENTED} cycled through all fit), then {@link #authenticate}.
     * Called without a handshake session: there is no SNI (DEFAULT-mode CAs need none) and nothing is stored in a
     * session.
     */
    @Benchmark
    public void trustManagerDecision(Cursor cursor) throws CertificateException {
        trustManager.checkClientTrusted(chains[cursor.next()], "ECDHE_ECDSA");
    }

    /**
     * As {@link #trustManagerDecision} for a certificate the trust manager has not seen (a device's first connection
     * since the gateway started, as in a fresh gateway's connect storm): a new trust manager each time. The
     * certificate is registered, so its facts are read straight from the DER ({@code TbsCertificateReader}); an
     * unregistered one would be parsed as in {@link #peerCertificate}, which is what every first handshake paid before
     * (issue 14).
     */
    @Benchmark
    public void trustManagerDecisionFirstSeen(Cursor cursor) throws CertificateException {
        new RegistryTrustManager(authenticator, false).checkClientTrusted(chains[cursor.next()], "ECDHE_ECDSA");
    }
}
