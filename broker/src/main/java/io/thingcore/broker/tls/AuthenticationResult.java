package io.thingcore.broker.tls;

import io.thingcore.broker.spi.CaRecord;
import io.thingcore.broker.spi.DeviceRecord;

/** The trust decision for one client certificate. */
public sealed interface AuthenticationResult {
    /** The certificate may open an MQTT session. */
    record Accepted(DeviceRecord device) implements AuthenticationResult {}

    /** The connection must be closed; {@code reason} is for the log, never for the client. */
    record Rejected(String reason) implements AuthenticationResult {}

    /**
     * An unknown certificate signed by a CA with auto-registration enabled: register it {@code PENDING_ACTIVATION},
     * publish the event, close (facts 2.7).
     */
    record RegisterJustInTime(CaRecord ca) implements AuthenticationResult {}

    /**
     * A certificate still {@code PENDING_ACTIVATION} under a CA with auto-registration enabled: publish the event again
     * and close (facts 2.7: "also published every time a certificate in PENDING_ACTIVATION tries to connect").
     */
    record StillPending(DeviceRecord device, CaRecord ca) implements AuthenticationResult {}
}
