package io.thingcore.registry.readmodel;

import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * The registry as the broker's connect path sees it: lookups answered from memory, never from the database, and
 * current as of the last committed registry change (the registry updates it after each commit, before it publishes
 * the change's events). Lock-free and safe from any thread; every returned value is an immutable snapshot.
 */
public interface DeviceDirectory {

    /** The certificate with this ID (lowercase hex SHA-256 of its DER), whatever its status. */
    Optional<DeviceIdentity> findCertificate(String certificateId);

    /** The registered CA with this ID. */
    Optional<CaSnapshot> findCa(String caCertificateId);

    /**
     * The registered CAs whose subject equals {@code subject} (RFC 5280 comparison, as {@link X500Principal#equals}),
     * whatever their status: just-in-time registration finds an unknown certificate's issuer this way.
     */
    List<CaSnapshot> findCasBySubject(X500Principal subject);

    /** The thing with this name. */
    Optional<ThingSnapshot> findThing(String thingName);
}
