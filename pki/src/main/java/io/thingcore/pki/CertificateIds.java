package io.thingcore.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * AWS IoT certificate IDs: the lowercase hex SHA-256 of the certificate's DER (64 characters), the same rule for
 * device and CA certificates, so {@code openssl x509 -outform der | sha256sum} gives the same string.
 */
public final class CertificateIds {
    private CertificateIds() {}

    /** The certificateId AWS would give this certificate. */
    public static String of(X509Certificate certificate) {
        try {
            return sha256Hex(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new PkiException("cannot encode the certificate: " + e.getMessage(), e);
        }
    }

    /** Lowercase hex SHA-256 of the bytes. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest javadoc), so this cannot happen.
            throw new IllegalStateException(e);
        }
    }
}
