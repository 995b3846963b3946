package io.thingcore.server;

import io.thingcore.broker.spi.SessionChange;
import io.thingcore.broker.spi.SessionStore;
import io.thingcore.broker.spi.StoredMessage;
import io.thingcore.broker.spi.StoredSession;
import io.thingcore.broker.spi.StoredSubscription;
import io.thingcore.registry.sessions.JdbcSessionStore;
import java.util.List;

/**
 * The broker's {@link SessionStore} SPI on the registry database (docs/architecture.md, dependency rules: the broker
 * never sees JDBC). The broker calls {@link #apply} on its own session-writer thread, one batch per transaction, and
 * acknowledges QoS 1 messages only after it returned.
 */
final class RegistrySessionStoreForBroker implements SessionStore {
    private final JdbcSessionStore store;

    RegistrySessionStoreForBroker(JdbcSessionStore store) {
        this.store = store;
    }

    @Override
    public List<StoredSession> loadAll() {
        assert EventLoops.notOnEventLoop("SessionStore.loadAll");
        return store.loadAll().stream()
                .map(s -> new StoredSession(
                        s.clientId(),
                        s.expirySeconds(),
                        s.disconnectedAt(),
                        s.subscriptions().stream()
                                .map(sub -> new StoredSubscription(sub.filter(), sub.qos(), sub.noLocal()))
                                .toList(),
                        s.messages().stream()
                                .map(m -> new StoredMessage(m.sequence(), m.topic(), m.payload(), m.retain()))
                                .toList()))
                .toList();
    }

    @Override
    public void apply(List<SessionChange> changes) {
        assert EventLoops.notOnEventLoop("SessionStore.apply");
        store.write(batch -> {
            for (SessionChange change : changes) {
                switch (change) {
                    case SessionChange.Saved s -> batch.save(s.clientId(), s.expirySeconds(), s.disconnectedAt());
                    case SessionChange.Deleted d -> batch.delete(d.clientId());
                    case SessionChange.Subscribed s ->
                        batch.subscribe(
                                s.clientId(),
                                new JdbcSessionStore.Subscription(
                                        s.subscription().filter(),
                                        s.subscription().qos(),
                                        s.subscription().noLocal()));
                    case SessionChange.Unsubscribed u -> batch.unsubscribe(u.clientId(), u.filter());
                    case SessionChange.Queued q ->
                        batch.queue(
                                q.clientId(),
                                new JdbcSessionStore.Message(
                                        q.message().sequence(),
                                        q.message().topic(),
                                        q.message().payload(),
                                        q.message().retain()));
                    case SessionChange.Removed r -> batch.remove(r.clientId(), r.sequence());
                }
            }
        });
    }

    @Override
    public String toString() {
        return "the registry database";
    }
}
