package io.thingcore.registry;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A registered CA certificate, as DescribeCACertificate returns it. */
public record CaCertificateRecord(
        String certificateId,
        String certificateArn,
        String certificatePem,
        CaCertificateStatus status,
        AutoRegistrationStatus autoRegistrationStatus,
        CertificateMode certificateMode,
        String ownedBy,
        Instant creationDate,
        Instant lastModifiedDate,
        int customerVersion,
        String generationId,
        Instant notBefore,
        Instant notAfter,
        @Nullable RegistrationConfig registrationConfig) {}
