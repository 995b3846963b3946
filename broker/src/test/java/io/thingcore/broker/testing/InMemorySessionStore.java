package io.thingcore.broker.testing;

import io.thingcore.broker.spi.SessionChange;
import io.thingcore.broker.spi.SessionStore;
import io.thingcore.broker.spi.StoredMessage;
import io.thingcore.broker.spi.StoredSession;
import io.thingcore.broker.spi.StoredSubscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * A {@link SessionStore} in memory that outlives a broker (so a test can "restart" one), with a gate to hold writes
 * back and the {@link NonBlocking} check on every call.
 */
public final class InMemorySessionStore implements SessionStore {
    private static final class Row {
        long expirySeconds;
        Instant disconnectedAt;
        final Map<String, StoredSubscription> subscriptions = new LinkedHashMap<>();
        final TreeMap<Long, StoredMessage> messages = new TreeMap<>();
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    /** Writes wait while {@link #hold()} is in effect. */
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public volatile int batches;

    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    @Override
    public synchronized List<StoredSession> loadAll() {
        NonBlocking.check("SessionStore.loadAll");
        List<StoredSession> out = new ArrayList<>();
        rows.forEach((id, r) -> out.add(new StoredSession(
                id,
                r.expirySeconds,
                r.disconnectedAt,
                List.copyOf(r.subscriptions.values()),
                List.copyOf(r.messages.values()))));
        return out;
    }

    @Override
    public void apply(List<SessionChange> changes) {
        NonBlocking.check("SessionStore.apply");
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        synchronized (this) {
            batches++;
            for (SessionChange change : changes) {
                switch (change) {
                    case SessionChange.Saved s -> {
                        Row r = rows.computeIfAbsent(s.clientId(), k -> new Row());
                        r.expirySeconds = s.expirySeconds();
                        r.disconnectedAt = s.disconnectedAt();
                    }
                    case SessionChange.Deleted d -> rows.remove(d.clientId());
                    case SessionChange.Subscribed s ->
                        row(s.clientId()).subscriptions.put(s.subscription().filter(), s.subscription());
                    case SessionChange.Unsubscribed u -> {
                        Row r = rows.get(u.clientId());
                        if (r != null) {
                            r.subscriptions.remove(u.filter());
                        }
                    }
                    case SessionChange.Queued q ->
                        row(q.clientId()).messages.put(q.message().sequence(), q.message());
                    case SessionChange.Removed removed -> {
                        Row r = rows.get(removed.clientId());
                        if (r != null) {
                            r.messages.remove(removed.sequence());
                        }
                    }
                }
            }
        }
    }

    private Row row(String clientId) {
        // A change for a session that is not stored is a broker bug: fail loudly.
        Row r = rows.get(clientId);
        if (r == null) {
            throw new IllegalStateException("no stored session " + clientId);
        }
        return r;
    }

    /** Puts a session directly, as a previous broker run would have left it. */
    public synchronized void put(StoredSession session) {
        Row r = new Row();
        r.expirySeconds = session.expirySeconds();
        r.disconnectedAt = session.disconnectedAt();
        session.subscriptions().forEach(s -> r.subscriptions.put(s.filter(), s));
        session.messages().forEach(m -> r.messages.put(m.sequence(), m));
        rows.put(session.clientId(), r);
    }

    public synchronized StoredSession get(String clientId) {
        return loadAll().stream()
                .filter(s -> s.clientId().equals(clientId))
                .findFirst()
                .orElse(null);
    }
}
