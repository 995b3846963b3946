package io.thingcore.testkit.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The test PKI. Static factories make CAs, device certificates and CSRs; an instance is a gateway's server side: a
 * server CA and a {@code localhost} server certificate it issued, with {@link #clientContext} for devices that trust
 * it. Validity windows are relative to the system clock at the call, backdated so that a second's skew between the
 * test and the server never matters. The certificates a gateway must refuse are in {@link CertificateCase}.
 */
public final class TestPki {
    private static final Clock CLOCK = Clock.systemUTC();

    /** The instant this class was loaded, to the second: a fixed "now" for tests that compare validity dates. */
    public static final Instant NOW = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);

    /** How long device certificates are valid by default: the Silicon Labs DIC guide's {@code -days 360}. */
    public static final Duration DEVICE_VALIDITY = Duration.ofDays(360);

    public final TestCa serverCa;
    public final PrivateKey serverKey;
    public final X509Certificate serverCertificate;

    /** A server CA and a server certificate for {@code localhost} and {@code 127.0.0.1}. */
    public TestPki() {
        serverCa = ca("CN=thingcore test server CA");
        KeyPair server = KeyType.EC_P256.generate();
        serverKey = server.getPrivate();
        serverCertificate = server(serverCa, server, "CN=localhost", List.of("localhost", "127.0.0.1"));
    }

    /** A client TLS context trusting the server CA and presenting {@code device} (null: no client certificate). */
    public SSLContext clientContext(@Nullable Device device) {
        return clientContext(device, serverCa.certificate());
    }

    /** A client TLS context trusting {@code serverCa} only and presenting {@code device} (null: none). */
    public static SSLContext clientContext(@Nullable Device device, X509Certificate serverCa) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server-ca", serverCa);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            if (device != null) {
                keys.setKeyEntry("device", device.privateKey(), new char[0], new Certificate[] {device.certificate()});
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- certificate authorities

    /** An EC P-256 CA valid from a day ago for ten years. */
    public static TestCa ca(String subjectDn) {
        return ca(subjectDn, KeyType.EC_P256);
    }

    public static TestCa ca(String subjectDn, KeyType keyType) {
        Instant now = CLOCK.instant();
        return ca(subjectDn, keyType, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)));
    }

    public static TestCa ca(String subjectDn, KeyType keyType, Instant notBefore, Instant notAfter) {
        KeyPair keys = keyType.generate();
        return new TestCa(keys, Certificates.selfSignedCa(keys, subjectDn, notBefore, notAfter));
    }

    /** A CA whose validity ended yesterday. */
    public static TestCa expiredCa(String subjectDn) {
        Instant now = CLOCK.instant();
        return ca(subjectDn, KeyType.EC_P256, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
    }

    /**
     * A "fake root": another key pair under exactly the same subject as {@code genuine}, so that only a signature
     * check tells the two apart.
     */
    public static TestCa impostorOf(TestCa genuine) {
        KeyPair keys = KeyType.of(genuine.keys()).generate();
        return new TestCa(
                keys,
                Certificates.selfSignedCa(
                        keys,
                        // the same encoded name, not a re-parsed string: RFC 2253 text lists the RDNs in reverse
                        X500Name.getInstance(genuine.subject().getEncoded()),
                        genuine.certificate().getNotBefore().toInstant(),
                        genuine.certificate().getNotAfter().toInstant()));
    }

    // ---- device certificates

    /** A v3 TLS client certificate with an EC P-256 key, valid from an hour ago for 360 days. */
    public static Device device(TestCa ca, String subjectDn) {
        return device(ca, subjectDn, KeyType.EC_P256);
    }

    public static Device device(TestCa ca, String subjectDn, KeyType keyType) {
        Instant now = CLOCK.instant();
        return device(ca, subjectDn, keyType, now.minus(Duration.ofHours(1)), now.plus(DEVICE_VALIDITY));
    }

    public static Device device(TestCa ca, String subjectDn, Instant notBefore, Instant notAfter) {
        return device(ca, subjectDn, KeyType.EC_P256, notBefore, notAfter);
    }

    public static Device device(TestCa ca, String subjectDn, KeyType keyType, Instant notBefore, Instant notAfter) {
        KeyPair keys = keyType.generate();
        return new Device(
                keys,
                Certificates.v3Leaf(
                        ca, keys.getPublic(), subjectDn, notBefore, notAfter, Certificates.Profile.CLIENT, List.of()));
    }

    /**
     * An X.509 v1 device certificate without extensions, as the DIC guide's {@code openssl x509 -req -days 360}
     * makes; AWS IoT accepts it.
     */
    public static Device deviceV1(TestCa ca, String subjectDn) {
        return deviceV1(ca, subjectDn, KeyType.EC_P256);
    }

    public static Device deviceV1(TestCa ca, String subjectDn, KeyType keyType) {
        Instant now = CLOCK.instant();
        KeyPair keys = keyType.generate();
        return new Device(
                keys,
                Certificates.v1Leaf(
                        ca, keys.getPublic(), subjectDn, now.minus(Duration.ofHours(1)), now.plus(DEVICE_VALIDITY)));
    }

    /** A leaf whose key usage is keyCertSign only and whose extended key usage is serverAuth only: no TLS client. */
    public static Device wrongKeyUsage(TestCa ca, String subjectDn) {
        Instant now = CLOCK.instant();
        KeyPair keys = KeyType.EC_P256.generate();
        return new Device(
                keys,
                Certificates.v3Leaf(
                        ca,
                        keys.getPublic(),
                        subjectDn,
                        now.minus(Duration.ofHours(1)),
                        now.plus(DEVICE_VALIDITY),
                        Certificates.Profile.WRONG_KEY_USAGE,
                        List.of()));
    }

    /** A TLS server certificate for {@code names} (DNS names or IP addresses), valid for 30 days. */
    public static X509Certificate server(TestCa ca, KeyPair keys, String subjectDn, List<String> names) {
        Instant now = CLOCK.instant();
        return Certificates.v3Leaf(
                ca,
                keys.getPublic(),
                subjectDn,
                now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(30)),
                Certificates.Profile.SERVER,
                names);
    }

    // ---- CSRs

    /** A PKCS#10 CSR as PEM for a new key of {@code keyType}. */
    public static String csr(KeyType keyType, String subjectDn) {
        return csr(keyType.generate(), subjectDn);
    }

    /** A PKCS#10 CSR as PEM for {@code keys}. */
    public static String csr(KeyPair keys, String subjectDn) {
        PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
                        Certificates.name(subjectDn), keys.getPublic())
                .build(Certificates.signer(keys));
        try {
            return pem("CERTIFICATE REQUEST", request.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CSR for a 1024-bit RSA key, which AWS IoT refuses (AWS IoT Developer Guide, "X.509 client certificates"). */
    public static String weakRsaCsr() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(1024);
            return csr(generator.generateKeyPair(), "CN=weak");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- PEM (RFC 7468: 64-character lines, LF)

    public static String pem(X509Certificate certificate) {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CA's certificate as PEM. */
    public static String pem(TestCa ca) {
        return pem(ca.certificate());
    }

    /** A device's certificate as PEM. */
    public static String pem(Device device) {
        return pem(device.certificate());
    }

    /** A private key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    public static String pem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
