package io.thingcore.registry.readmodel;

import java.util.Optional;

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

    /** The thing with this name. */
    Optional<ThingSnapshot> findThing(String thingName);
}
