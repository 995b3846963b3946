package io.thingcore.broker.spi;

import java.util.List;

/**
 * Durable storage of persistent MQTT sessions (issue 3: "queued QoS 1 messages that survive a broker restart"): the
 * subscriptions and the unacknowledged QoS 1 messages of sessions that outlive their connection (MQTT 3.1.1
 * {@code cleanSession=0}, MQTT 5 Session Expiry Interval above 0).
 *
 * <p>Threading contract: {@link #loadAll()} is called once by {@code MqttBroker.start} on the starting thread, before
 * the port is bound. {@link #apply(List)} is called only on the broker's single session-writer thread, never on an
 * event loop; it may block. The broker sends a QoS 1 PUBACK for a message it had to store only after the
 * {@code apply} that contains the message returned, so an implementation must make the batch durable (committed
 * and synced) before it returns, and throw when it could not.
 */
public interface SessionStore {
    /** No durability: sessions live in memory only and end with the broker. */
    SessionStore NONE = new SessionStore() {
        @Override
        public List<StoredSession> loadAll() {
            return List.of();
        }

        @Override
        public void apply(List<SessionChange> changes) {}

        @Override
        public String toString() {
            return "SessionStore.NONE";
        }
    };

    /** Every stored session, each with its subscriptions and its messages in queue order. */
    List<StoredSession> loadAll();

    /**
     * Applies {@code changes} in order as one durable unit (one transaction). Changes are idempotent: saving an
     * existing session or subscription replaces it, removing what does not exist does nothing.
     *
     * @throws RuntimeException when the batch could not be made durable; the broker then refuses to acknowledge the
     *     messages the batch held
     */
    void apply(List<SessionChange> changes);
}
