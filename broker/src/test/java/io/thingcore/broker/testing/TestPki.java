package io.thingcore.broker.testing;

import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.LeafProfile;
import io.thingcore.pki.LeafRequest;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Certificates made at test time (no private key is committed). */
public final class TestPki {
    public final CertificateAuthority serverCa;
    public final PrivateKey serverKey;
    public final X509Certificate serverCertificate;

    public TestPki() {
        Instant now = Instant.now();
        serverCa = CertificateAuthority.selfSigned(
                Keys.generate(KeyAlgorithm.EC_P256),
                "CN=thingcore test server CA",
                now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(30)));
        KeyPair server = Keys.generate(KeyAlgorithm.EC_P256);
        serverKey = server.getPrivate();
        serverCertificate = serverCa.issue(LeafRequest.server(
                server.getPublic(), "CN=localhost", List.of("localhost", "127.0.0.1"), Duration.ofDays(30)));
    }

    public static CertificateAuthority ca(String subject) {
        Instant now = Instant.now();
        return CertificateAuthority.selfSigned(
                Keys.generate(KeyAlgorithm.EC_P256),
                subject,
                now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(365)));
    }

    /** A device: key pair and a certificate from {@code ca}. */
    public record Device(KeyPair keys, X509Certificate certificate) {}

    public static Device device(CertificateAuthority ca, String subject) {
        KeyPair keys = Keys.generate(KeyAlgorithm.EC_P256);
        return new Device(keys, ca.issue(LeafRequest.client(keys.getPublic(), subject, Duration.ofDays(360))));
    }

    /** An X.509 v1 device certificate, as the DIC guide's {@code openssl x509 -req} makes. */
    public static Device deviceV1(CertificateAuthority ca, String subject) {
        KeyPair keys = Keys.generate(KeyAlgorithm.EC_P256);
        return new Device(keys, ca.issue(LeafRequest.version1(keys.getPublic(), subject, Duration.ofDays(360))));
    }

    public static Device device(CertificateAuthority ca, String subject, Instant notBefore, Instant notAfter) {
        KeyPair keys = Keys.generate(KeyAlgorithm.EC_P256);
        return new Device(
                keys,
                ca.issue(new LeafRequest(
                        keys.getPublic(), subject, notBefore, notAfter, LeafProfile.CLIENT, List.of())));
    }

    /** A client SSL context trusting the server CA and presenting {@code device} (null: no client certificate). */
    public SSLContext clientContext(Device device) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server-ca", serverCa.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            if (device != null) {
                keys.setKeyEntry(
                        "device", device.keys().getPrivate(), new char[0], new Certificate[] {device.certificate()});
            }
            kmf.init(keys, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
