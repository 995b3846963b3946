package io.thingcore.pki;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * Yes/no questions about certificates that registration and the TLS path ask: is it a CA, did this issuer sign it,
 * is it valid now, is it self-signed. None of them throws for a certificate that simply fails the check.
 */
public final class CertificateChecks {
    private static final int KEY_CERT_SIGN = 5;

    private CertificateChecks() {}

    /**
     * A v3 certificate with basicConstraints CA:TRUE (and keyCertSign, when keyUsage is present, RFC 5280
     * 4.2.1.3). A v1 certificate is never a CA here: RFC 5280 6.1.4 (k) only lets v1 intermediates through by local
     * policy, and AWS rejects CA certificates without basicConstraints CA:TRUE.
     */
    public static boolean isCertificateAuthority(X509Certificate certificate) {
        if (certificate.getVersion() != 3 || certificate.getBasicConstraints() < 0) {
            return false;
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        return keyUsage == null || (keyUsage.length > KEY_CERT_SIGN && keyUsage[KEY_CERT_SIGN]);
    }

    /**
     * Whether {@code issuer} signed {@code certificate}: the issuer DN equals the issuer's subject DN (RFC 5280 7.1
     * comparison as the JDK implements it) and the signature verifies with the issuer's public key. A root with
     * the same subject but another key ("fake root") gives false.
     */
    public static boolean isSignedBy(X509Certificate certificate, X509Certificate issuer) {
        if (certificate == null || issuer == null) {
            return false;
        }
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            // Bad signature, unsupported algorithm, mismatched key type: all mean "not signed by this issuer".
            return false;
        }
    }

    /** Whether {@code instant} lies within notBefore..notAfter, both inclusive (RFC 5280 4.1.2.5). */
    public static boolean isValidAt(X509Certificate certificate, Instant instant) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
    }

    /** Issuer equals subject and the certificate's own public key verifies its signature. */
    public static boolean isSelfSigned(X509Certificate certificate) {
        return isSignedBy(certificate, certificate);
    }
}
