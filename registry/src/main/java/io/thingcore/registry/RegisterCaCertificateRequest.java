package io.thingcore.registry;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * RegisterCACertificate. {@code certificateMode} null means DEFAULT (AWS's default), which requires
 * {@code verificationCertificatePem}; SNI_ONLY requires it to be absent.
 */
public record RegisterCaCertificateRequest(
        String caCertificatePem,
        @Nullable String verificationCertificatePem,
        @Nullable CertificateMode certificateMode,
        boolean setAsActive,
        boolean allowAutoRegistration,
        @Nullable RegistrationConfig registrationConfig,
        List<Tag> tags) {
    public RegisterCaCertificateRequest {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
