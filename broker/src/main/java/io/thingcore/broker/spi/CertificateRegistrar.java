package io.thingcore.broker.spi;

import java.security.cert.X509Certificate;
import java.util.concurrent.CompletionStage;

/**
 * Registry writes the broker needs: just-in-time registration (AWS IoT Developer Guide, auto-register-device-cert).
 * Implementations do the write on their own executor, never on the calling event loop, and complete the stage there;
 * the broker hops back itself.
 */
public interface CertificateRegistrar {
    /**
     * Registers {@code certificate} as {@code PENDING_ACTIVATION} under the CA {@code caCertificateId} (which the
     * broker has checked is registered, ACTIVE, with auto-registration enabled, and signed the certificate). When the
     * certificate is already registered the stage completes with the existing record (so concurrent first connects
     * of one device register it once).
     */
    CompletionStage<DeviceRecord> registerPendingActivation(X509Certificate certificate, String caCertificateId);
}
