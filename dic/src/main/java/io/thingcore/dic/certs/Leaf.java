package io.thingcore.dic.certs;

import io.thingcore.pki.CertificateIds;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * A leaf certificate on disk with its key: what the guide calls {@code device.crt}/{@code device.key} or
 * {@code explorer.crt}/{@code explorer.key}.
 *
 * @param keyFile the private key ({@code NAME.key}, mode 0600)
 * @param certificateFile the certificate ({@code NAME.crt})
 * @param certificate the parsed certificate
 * @param certificatePem the certificate file's text, byte for byte
 * @param keyPem the key file's text, byte for byte
 */
public record Leaf(
        Path keyFile, Path certificateFile, X509Certificate certificate, String certificatePem, String keyPem) {

    /** The AWS certificate ID: lowercase hex SHA-256 of the DER. */
    public String certificateId() {
        return CertificateIds.of(certificate);
    }
}
