package io.thingcore.registry;

import org.jspecify.annotations.Nullable;

/**
 * A certificate the gateway issued (CreateKeysAndCertificate, CreateCertificateFromCsr). The key PEMs are null for
 * CreateCertificateFromCsr; for CreateKeysAndCertificate this is the only time the private key is ever returned.
 */
public record CreatedCertificate(
        CertificateRecord certificate,
        @Nullable String publicKeyPem,
        @Nullable String privateKeyPem) {}
