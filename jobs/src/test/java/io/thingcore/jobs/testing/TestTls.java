package io.thingcore.jobs.testing;

import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
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
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Certificates made at test time (no private key is committed): the gateway's server and a device CA. */
public final class TestTls {
    public final CertificateAuthority serverCa = ca("CN=thingcore jobs test server CA");
    public final KeyPair serverKeys = Keys.generate(KeyAlgorithm.EC_P256);
    public final X509Certificate serverCertificate = serverCa.issue(LeafRequest.server(
            serverKeys.getPublic(), "CN=localhost", List.of("localhost", "127.0.0.1"), Duration.ofDays(30)));
    public final CertificateAuthority deviceCa = ca("CN=thingcore jobs test device CA");

    public record Device(KeyPair keys, X509Certificate certificate) {}

    static CertificateAuthority ca(String subject) {
        Instant now = Instant.now();
        return CertificateAuthority.selfSigned(
                Keys.generate(KeyAlgorithm.EC_P256),
                subject,
                now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(30)));
    }

    public PrivateKey serverKey() {
        return serverKeys.getPrivate();
    }

    public Device device(String subject) {
        KeyPair keys = Keys.generate(KeyAlgorithm.EC_P256);
        return new Device(keys, deviceCa.issue(LeafRequest.client(keys.getPublic(), subject, Duration.ofDays(30))));
    }

    /** A client socket factory that trusts the server CA and presents {@code device}. */
    public SSLSocketFactory clientSockets(Device device) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server-ca", serverCa.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(
                    "device", device.keys().getPrivate(), new char[0], new Certificate[] {device.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
