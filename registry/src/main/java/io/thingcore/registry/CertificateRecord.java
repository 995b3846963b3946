package io.thingcore.registry;

import java.time.Instant;

/**
 * A registered device certificate, as DescribeCertificate returns it. {@code caCertificateId} is null for
 * certificates registered without a CA.
 */
public record CertificateRecord(
        String certificateId,
        String certificateArn,
        String caCertificateId,
        CertificateStatus status,
        String certificatePem,
        CertificateMode certificateMode,
        String ownedBy,
        Instant creationDate,
        Instant lastModifiedDate,
        int customerVersion,
        String generationId,
        Instant notBefore,
        Instant notAfter) {}
