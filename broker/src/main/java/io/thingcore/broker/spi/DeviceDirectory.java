package io.thingcore.broker.spi;

import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * The registry's identity and policy data as the broker reads it. Every method is called on event loops and must
 * answer from memory, without blocking or I/O; results are snapshots and may be kept for the duration of one
 * decision.
 */
public interface DeviceDirectory {
    /** The registered device certificate with this ID, in any status. */
    Optional<DeviceRecord> findCertificate(String certificateId);

    /** The registered CA certificate with this ID, in any status. */
    Optional<CaRecord> findCa(String caCertificateId);

    /**
     * The registered CA certificates whose subject equals {@code subject} (RFC 5280 name comparison, as
     * {@link X500Principal#equals} does), in any status; AWS allows several per subject.
     */
    List<CaRecord> findCasBySubject(X500Principal subject);

    /** The thing with this name. */
    Optional<ThingRecord> findThing(String thingName);
}
