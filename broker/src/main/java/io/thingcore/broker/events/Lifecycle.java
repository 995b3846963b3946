package io.thingcore.broker.events;

import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The identity fields every lifecycle event of one connection attempt carries (AWS IoT Developer Guide, "Lifecycle
 * events").
 *
 * @param clientId the MQTT client ID
 * @param sessionIdentifier a random UUID per connection attempt, shared by its connected and disconnected events (kept
 *     as a {@link UUID}, 24 bytes for each connection instead of the 80 of its text, and written out with each event)
 * @param principalIdentifier the certificate ID (X.509 connections)
 * @param ipAddress the client's IP address, or null when unknown
 * @param versionNumber the connection's {@code versionNumber}, shared by its connected and disconnected events
 */
public record Lifecycle(
        String clientId,
        UUID sessionIdentifier,
        String principalIdentifier,
        @Nullable String ipAddress,
        long versionNumber) {
    public Lifecycle {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(sessionIdentifier, "sessionIdentifier");
        Objects.requireNonNull(principalIdentifier, "principalIdentifier");
    }
}
