package io.thingcore.registry;

/** UpdateCACertificate; null members are left unchanged. */
public record UpdateCaCertificateRequest(
        String certificateId,
        CaCertificateStatus newStatus,
        AutoRegistrationStatus newAutoRegistrationStatus,
        RegistrationConfig registrationConfig,
        boolean removeAutoRegistration) {}
