package io.thingcore.pki;

/** What kind of end-entity certificate {@link CertificateAuthority#issue} makes. */
public enum LeafProfile {
    /**
     * A device or MQTT client certificate: X.509 v3, basicConstraints CA:FALSE, keyUsage digitalSignature (plus
     * keyEncipherment for RSA, for TLS 1.2 RSA key exchange), extendedKeyUsage clientAuth, SKI and AKI.
     */
    CLIENT,
    /** A TLS server certificate: like {@link #CLIENT} with extendedKeyUsage serverAuth and the subjectAltNames. */
    SERVER,
    /**
     * An X.509 v1 certificate with no extensions, exactly what {@code openssl x509 -req -CA CA.crt -CAkey CA.key}
     * makes without {@code -extfile}: the DIC guide's device certificates. For reproducing that workflow and for
     * tests; never used for the gateway's own certificates.
     */
    VERSION_1
}
