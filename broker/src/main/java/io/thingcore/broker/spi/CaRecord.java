package io.thingcore.broker.spi;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A registered CA certificate.
 *
 * @param caCertificateId lowercase hex SHA-256 of the CA certificate's DER
 * @param certificate the CA certificate, used to verify signatures for just-in-time registration
 * @param status ACTIVE or INACTIVE
 * @param autoRegistration whether {@code autoRegistrationStatus} is ENABLE (JITR: AWS IoT Developer Guide,
 *     auto-register-device-cert)
 * @param mode DEFAULT or SNI_ONLY
 */
public record CaRecord(
        String caCertificateId,
        X509Certificate certificate,
        CaStatus status,
        boolean autoRegistration,
        CertificateMode mode) {
    public CaRecord {
        Objects.requireNonNull(caCertificateId, "caCertificateId");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(mode, "mode");
    }
}
