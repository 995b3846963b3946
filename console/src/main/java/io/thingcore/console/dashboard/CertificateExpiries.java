package io.thingcore.console.dashboard;

import java.time.Instant;
import java.util.List;

/**
 * The device certificates that expire soon, implemented by the server from the registry. The dashboard asks on an API
 * worker thread (the registry may be read there); the answer is bounded by {@code limit} whatever the registry's size,
 * so the browser never receives the whole registry.
 */
@FunctionalInterface
public interface CertificateExpiries {
    /** Certificates not REVOKED whose validity ends before {@code before}, soonest first, at most {@code limit}. */
    List<Expiring> expiringBefore(Instant before, int limit);

    record Expiring(String certificateId, String status, Instant notAfter) {}
}
