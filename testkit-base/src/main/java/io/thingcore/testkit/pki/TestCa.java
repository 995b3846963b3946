package io.thingcore.testkit.pki;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.function.BiFunction;
import javax.security.auth.x500.X500Principal;

/**
 * A self-signed certificate authority made at test time: its key pair and certificate. Tests that need the pki
 * module's {@code CertificateAuthority} (to exercise its issuing, or to hand one to the registry) convert it with
 * {@code ca.as(CertificateAuthority::of)}.
 */
public record TestCa(KeyPair keys, X509Certificate certificate) {
    public PrivateKey privateKey() {
        return keys.getPrivate();
    }

    public X500Principal subject() {
        return certificate.getSubjectX500Principal();
    }

    /** This CA as another type built from a certificate and its private key, e.g. {@code CertificateAuthority::of}. */
    public <T> T as(BiFunction<X509Certificate, PrivateKey, T> factory) {
        return factory.apply(certificate, keys.getPrivate());
    }

    /** The certificate as PEM. */
    public String pem() {
        return TestPki.pem(certificate);
    }
}
