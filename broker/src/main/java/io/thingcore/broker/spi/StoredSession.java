package io.thingcore.broker.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A persistent session as stored.
 *
 * @param clientId the client ID that owns it
 * @param expirySeconds how long it outlives its connection (already clamped to the broker's maximum)
 * @param disconnectedAt when its last connection ended; null while connected (or when the broker stopped without
 *     recording it: the expiry then counts from the next start)
 * @param subscriptions its subscriptions
 * @param messages its unacknowledged QoS 1 messages, in queue order (ascending {@link StoredMessage#sequence()})
 */
public record StoredSession(
        String clientId,
        long expirySeconds,
        @Nullable Instant disconnectedAt,
        List<StoredSubscription> subscriptions,
        List<StoredMessage> messages) {
    public StoredSession {
        Objects.requireNonNull(clientId, "clientId");
        subscriptions = List.copyOf(subscriptions);
        messages = List.copyOf(messages);
    }
}
