package io.thingcore.broker.tls;

import io.thingcore.broker.refusals.RefusalReason;
import io.thingcore.broker.spi.CaRecord;
import io.thingcore.broker.spi.DeviceRecord;
import org.jspecify.annotations.Nullable;

/** The trust decision for one client certificate. */
public sealed interface AuthenticationResult {
    /**
     * The certificate may open an MQTT session.
     *
     * @param withoutSni null, or why the certificate is {@code SNI_ONLY} when it was accepted without SNI under
     *     {@link io.thingcore.broker.SniRule#LENIENT} (AWS IoT would refuse it: the caller warns)
     */
    record Accepted(DeviceRecord device, @Nullable SniOnly withoutSni) implements AuthenticationResult {
        public Accepted(DeviceRecord device) {
            this(device, null);
        }
    }

    /** Why a certificate is {@code SNI_ONLY} (AWS IoT API Reference, {@code CertificateDescription.certificateMode}). */
    enum SniOnly {
        /** Issued by a CA registered in {@code SNI_ONLY} ("multi-account") mode. */
        CA_IN_MULTI_ACCOUNT_MODE,
        /** Registered with RegisterCertificateWithoutCA. */
        REGISTERED_WITHOUT_CA
    }

    /**
     * The connection must be closed; {@code reason} is for the log and the console's refused connections, never for the
     * client.
     *
     * @param kind why, as a kind (which names the likely fix)
     * @param reason what is wrong, in words; client values in it are escaped
     */
    record Rejected(RefusalReason kind, String reason) implements AuthenticationResult {}

    /**
     * An unknown certificate signed by a CA with auto-registration enabled: register it {@code PENDING_ACTIVATION},
     * publish the event, close (AWS IoT Developer Guide, auto-register-device-cert).
     */
    record RegisterJustInTime(CaRecord ca) implements AuthenticationResult {}

    /**
     * A certificate still {@code PENDING_ACTIVATION} under a CA with auto-registration enabled: publish the event again
     * and close (AWS IoT blog "Just-in-Time Registration of Device Certificates on AWS IoT": AWS publishes the event
     * again on each such attempt).
     */
    record StillPending(DeviceRecord device, CaRecord ca) implements AuthenticationResult {}
}
