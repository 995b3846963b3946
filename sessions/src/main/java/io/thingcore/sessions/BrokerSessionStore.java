package io.thingcore.sessions;

import io.netty.channel.EventLoop;
import io.netty.util.internal.ThreadExecutorMap;
import io.thingcore.broker.spi.SessionChange;
import io.thingcore.broker.spi.SessionStore;
import io.thingcore.broker.spi.StoredMessage;
import io.thingcore.broker.spi.StoredSession;
import io.thingcore.broker.spi.StoredSubscription;
import java.util.List;

/**
 * The broker's {@link SessionStore} SPI on the {@link JdbcSessionStore} (docs/architecture.md, dependency rules: the
 * broker never sees JDBC). The broker calls {@link #apply} on its own session-writer thread, one batch per
 * transaction, and acknowledges QoS 1 messages only after it returned.
 */
public final class BrokerSessionStore implements SessionStore {
    private final JdbcSessionStore store;

    public BrokerSessionStore(JdbcSessionStore store) {
        this.store = store;
    }

    /**
     * Always true, so that it can sit in an {@code assert} (assertions are on in every test run): the session store
     * blocks on JDBC and must never run on a Netty event loop.
     */
    private static boolean notOnEventLoop(String what) {
        if (ThreadExecutorMap.currentExecutor() instanceof EventLoop) {
            throw new AssertionError(what + " blocks on JDBC and ran on event loop "
                    + Thread.currentThread().getName());
        }
        return true;
    }

    @Override
    public List<StoredSession> loadAll() {
        assert notOnEventLoop("SessionStore.loadAll");
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
        assert notOnEventLoop("SessionStore.apply");
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
        return "the gateway database";
    }
}
