package io.thingcore.registry;

import org.jspecify.annotations.Nullable;

/**
 * Device certificates: registered under a CA or without one, issued by the gateway's device CA, updated, deleted, listed. Part of one namespace's {@link Registry}; every method either applies its whole change durably or
 * throws a {@link RegistryException} and changes nothing. Blocking: call from a worker thread, never from an event
 * loop.
 */
public interface CertificateStore {

    /**
     * RegisterCertificate: the certificate must be signed by a registered ACTIVE CA ({@code caCertificatePem} picks
     * it when given). {@code status} (nullable) wins over {@code setAsActive}; the default is INACTIVE.
     */
    CertificateRecord registerCertificate(
            String certificatePem,
            @Nullable String caCertificatePem,
            @Nullable CertificateStatus status,
            boolean setAsActive);

    /**
     * Just-in-time registration, for the broker: registers a certificate a device presented as PENDING_ACTIVATION
     * under {@code caCertificateId}, which must be ACTIVE with auto-registration ENABLE and must have signed it. An
     * already registered certificate is returned unchanged. Not an AWS API operation.
     */
    CertificateRecord registerPendingActivation(String certificatePem, String caCertificateId);

    /** RegisterCertificateWithoutCA: any issuer; the certificate becomes SNI_ONLY. Default status INACTIVE. */
    CertificateRecord registerCertificateWithoutCa(String certificatePem, @Nullable CertificateStatus status);

    /** CreateKeysAndCertificate: a new key pair and a certificate signed by the gateway's device CA. */
    CreatedCertificate createKeysAndCertificate(boolean setAsActive);

    /** CreateCertificateFromCsr: a certificate for the CSR's key, signed by the gateway's device CA. */
    CreatedCertificate createCertificateFromCsr(String certificateSigningRequestPem, boolean setAsActive);

    CertificateRecord describeCertificate(String certificateId);

    Page<CertificateRecord> listCertificates(PageRequest page);

    Page<CertificateRecord> listCertificatesByCa(String caCertificateId, PageRequest page);

    /** Client-settable: ACTIVE, INACTIVE, REVOKED; REVOKED is terminal. Idempotent. */
    void updateCertificate(String certificateId, CertificateStatus newStatus);

    void deleteCertificate(String certificateId, boolean forceDelete);
}
