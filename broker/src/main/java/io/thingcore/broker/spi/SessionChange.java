package io.thingcore.broker.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One change to the stored sessions; {@link SessionStore#apply} receives them in the order they happened. */
public sealed interface SessionChange {
    /** The client ID of the session the change is about. */
    String clientId();

    /** Creates or replaces the session row (expiry, disconnection time); keeps its subscriptions and messages. */
    record Saved(
            String clientId, long expirySeconds, @Nullable Instant disconnectedAt) implements SessionChange {
        public Saved {
            Objects.requireNonNull(clientId, "clientId");
        }
    }

    /** Deletes the session with its subscriptions and messages. */
    record Deleted(String clientId) implements SessionChange {
        public Deleted {
            Objects.requireNonNull(clientId, "clientId");
        }
    }

    /** Adds or replaces a subscription. */
    record Subscribed(String clientId, StoredSubscription subscription) implements SessionChange {
        public Subscribed {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(subscription, "subscription");
        }
    }

    /** Removes a subscription. */
    record Unsubscribed(String clientId, String filter) implements SessionChange {
        public Unsubscribed {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(filter, "filter");
        }
    }

    /** Stores a QoS 1 message for the session. */
    record Queued(String clientId, StoredMessage message) implements SessionChange {
        public Queued {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Removes a message: acknowledged by the client, or no longer deliverable. */
    record Removed(String clientId, long sequence) implements SessionChange {
        public Removed {
            Objects.requireNonNull(clientId, "clientId");
        }
    }
}
