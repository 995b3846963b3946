package io.thingcore.registry.jdbc;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** The timestamps and generation IDs written into rows. */
final class Stamps {
    private Stamps() {}

    /** Truncated to milliseconds because rows store epoch milliseconds: a record read back equals the one written. */
    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static String generationId() {
        return UUID.randomUUID().toString();
    }
}
