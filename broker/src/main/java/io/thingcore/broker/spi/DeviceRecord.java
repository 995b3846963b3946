package io.thingcore.broker.spi;

import io.thingcore.policy.PolicyRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the broker needs to know about one registered device certificate.
 *
 * @param certificateId lowercase hex SHA-256 of the DER
 * @param status the registry status; only {@link CertificateStatus#ACTIVE} authenticates
 * @param caCertificateId the CA it was registered with, or null when registered without CA
 * @param mode {@link CertificateMode#SNI_ONLY} for SNI_ONLY CAs and registrations without CA
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param policies the default versions of the policies attached to the certificate, compiled
 * @param thingNames the things attached to the certificate
 */
public record DeviceRecord(
        String certificateId,
        CertificateStatus status,
        String caCertificateId,
        CertificateMode mode,
        Instant notBefore,
        Instant notAfter,
        List<PolicyRef> policies,
        List<String> thingNames) {
    public DeviceRecord {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        policies = List.copyOf(policies);
        thingNames = List.copyOf(thingNames);
    }
}
