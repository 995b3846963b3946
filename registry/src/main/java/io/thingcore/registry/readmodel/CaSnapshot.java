package io.thingcore.registry.readmodel;

import io.thingcore.registry.AutoRegistrationStatus;
import io.thingcore.registry.CaCertificateStatus;
import io.thingcore.registry.CertificateMode;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A registered CA as last committed, for the connect path: whether certificates it signed may be auto-registered
 * (JITR: ACTIVE and ENABLE) and the certificate itself, to verify an unknown leaf's signature once.
 */
public record CaSnapshot(
        String caCertificateId,
        String caCertificateArn,
        CaCertificateStatus status,
        AutoRegistrationStatus autoRegistrationStatus,
        CertificateMode certificateMode,
        Instant notBefore,
        Instant notAfter,
        X509Certificate certificate) {

    public boolean allowsAutoRegistration() {
        return status == CaCertificateStatus.ACTIVE && autoRegistrationStatus == AutoRegistrationStatus.ENABLE;
    }
}
