package io.thingcore.registry.jdbc;

import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.CertificateRequest;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.LeafProfile;
import io.thingcore.pki.LeafRequest;
import io.thingcore.pki.Pem;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Certificates made at test time (no key is ever committed), the DIC guide's way: EC P-256, v1 device certs. */
final class TestPki {
    private TestPki() {}

    static CertificateAuthority ca(String subjectDn) {
        Instant now = Instant.now();
        return CertificateAuthority.selfSigned(
                Keys.generate(KeyAlgorithm.EC_P256),
                subjectDn,
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(3650)));
    }

    static CertificateAuthority expiredCa(String subjectDn) {
        Instant now = Instant.now();
        return CertificateAuthority.selfSigned(
                Keys.generate(KeyAlgorithm.EC_P256),
                subjectDn,
                now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1)));
    }

    /** Like {@code openssl x509 -req -days 360}: an X.509 v1 certificate without extensions. */
    static X509Certificate deviceV1(CertificateAuthority ca, String subjectDn) {
        return ca.issue(
                LeafRequest.version1(Keys.generate(KeyAlgorithm.EC_P256).getPublic(), subjectDn, Duration.ofDays(360)));
    }

    static X509Certificate client(CertificateAuthority ca, String subjectDn) {
        return ca.issue(
                LeafRequest.client(Keys.generate(KeyAlgorithm.EC_P256).getPublic(), subjectDn, Duration.ofDays(360)));
    }

    static X509Certificate expiredClient(CertificateAuthority ca, String subjectDn) {
        Instant now = Instant.now();
        return ca.issue(new LeafRequest(
                Keys.generate(KeyAlgorithm.EC_P256).getPublic(),
                subjectDn,
                now.minus(Duration.ofDays(10)),
                now.minus(Duration.ofDays(2)),
                LeafProfile.CLIENT,
                List.of()));
    }

    static String pem(X509Certificate certificate) {
        return Pem.write(certificate);
    }

    static String pem(CertificateAuthority ca) {
        return Pem.write(ca.certificate());
    }

    static String csr(KeyAlgorithm algorithm, String subjectDn) {
        KeyPair keys = Keys.generate(algorithm);
        return Pem.write(CertificateRequest.create(keys, subjectDn));
    }

    /** A CSR for a 1024-bit RSA key, which AWS refuses; built with Bouncy Castle since pki refuses such keys. */
    static String weakRsaCsr() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        KeyPair keys = generator.generateKeyPair();
        byte[] der = new JcaPKCS10CertificationRequestBuilder(
                        new javax.security.auth.x500.X500Principal("CN=weak"), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()))
                .getEncoded();
        return "-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }
}
