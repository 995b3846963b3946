package io.thingcore.testkit.pki;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A device's key pair and its certificate. */
public record Device(KeyPair keys, X509Certificate certificate) {
    public PrivateKey privateKey() {
        return keys.getPrivate();
    }

    /** The certificate as PEM. */
    public String certificatePem() {
        return TestPki.pem(certificate);
    }

    /** The private key as PKCS#8 PEM. */
    public String privateKeyPem() {
        return TestPki.pem(keys.getPrivate());
    }
}
