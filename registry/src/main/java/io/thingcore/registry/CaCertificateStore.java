package io.thingcore.registry;

import org.jspecify.annotations.Nullable;

/**
 * CA certificates and the account's registration code that proves them (AWS IoT API Reference: RegisterCACertificate, ...). Part of one namespace's {@link Registry}; every method either applies its whole change durably or
 * throws a {@link RegistryException} and changes nothing. Blocking: call from a worker thread, never from an event
 * loop.
 */
public interface CaCertificateStore {

    /** The account's registration code: 64 hex characters, the same on every call until deleted. */
    String getRegistrationCode();

    void deleteRegistrationCode();

    CaCertificateRecord registerCaCertificate(RegisterCaCertificateRequest request);

    CaCertificateRecord describeCaCertificate(String caCertificateId);

    /** {@code templateName} (nullable) keeps only CAs whose registration config names that JITP template. */
    Page<CaCertificateRecord> listCaCertificates(PageRequest page, @Nullable String templateName);

    void updateCaCertificate(UpdateCaCertificateRequest request);

    /** Only an INACTIVE CA can be deleted (CertificateStateException otherwise). */
    void deleteCaCertificate(String caCertificateId);
}
