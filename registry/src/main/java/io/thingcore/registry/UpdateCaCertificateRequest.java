package io.thingcore.registry;

import org.jspecify.annotations.Nullable;

/** UpdateCACertificate; null members are left unchanged. */
public record UpdateCaCertificateRequest(
        String certificateId,
        @Nullable CaCertificateStatus newStatus,
        @Nullable AutoRegistrationStatus newAutoRegistrationStatus,
        @Nullable RegistrationConfig registrationConfig,
        boolean removeAutoRegistration) {}
