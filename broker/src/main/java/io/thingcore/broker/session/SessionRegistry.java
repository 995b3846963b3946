package io.thingcore.broker.session;

import io.thingcore.broker.Limits;
import io.thingcore.broker.metrics.BrokerCounters;
import io.thingcore.broker.routing.Router;
import io.thingcore.broker.routing.Subscription;
import io.thingcore.broker.spi.SessionChange;
import io.thingcore.broker.spi.StoredSession;
import io.thingcore.broker.spi.StoredSubscription;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Client ID to session. Opening a session for a client ID serializes on that ID ({@code compute}), so two CONNECTs
 * with one ID cannot both win; the loser's connection is returned to be closed ({@code DUPLICATE_CLIENTID}).
 */
public final class SessionRegistry {
    /**
     * The result of {@link #open}.
     *
     * @param session the session now bound to the new connection
     * @param present whether an existing session was resumed (CONNACK Session Present)
     * @param previous the connection that held the client ID before, to be closed; null if none
     */
    public record Opened(
            Session session, boolean present, @Nullable Connection previous) {}

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final Router router;
    private final Limits limits;
    private final SessionWriter writer;
    private final Clock clock;
    private final DroppedMessages drops = new DroppedMessages();
    private final BrokerCounters counters;

    public SessionRegistry(Router router, Limits limits, SessionWriter writer, Clock clock, BrokerCounters counters) {
        this.counters = counters;
        this.router = router;
        this.limits = limits;
        this.writer = writer;
        this.clock = clock;
    }

    public SessionWriter writer() {
        return writer;
    }

    /** QoS 1 messages dropped for full session queues, over every session. */
    public DroppedMessages droppedMessages() {
        return drops;
    }

    /**
     * After a restart, before any connection: rebuilds the stored sessions, subscribes them in the trie, and
     * schedules their expiry on {@code scheduler}; sessions already expired are deleted from the store. A session
     * whose disconnection was never recorded (the broker died) counts as disconnected now.
     *
     * @return how many sessions were restored
     */
    public int restore(List<StoredSession> stored, ScheduledExecutorService scheduler) {
        Instant now = clock.instant();
        int restored = 0;
        for (StoredSession from : stored) {
            Instant disconnectedAt = from.disconnectedAt();
            if (disconnectedAt == null) {
                disconnectedAt = now;
                writer.submit(new SessionChange.Saved(from.clientId(), from.expirySeconds(), now));
            }
            long remainingMillis =
                    disconnectedAt.plusSeconds(from.expirySeconds()).toEpochMilli() - now.toEpochMilli();
            if (from.expirySeconds() <= 0 || remainingMillis <= 0) {
                writer.submit(new SessionChange.Deleted(from.clientId()));
                continue;
            }
            Session session = new Session(
                    from.clientId(),
                    from.expirySeconds(),
                    limits.maxInFlight(),
                    limits.maxQueuedMessages(),
                    writer,
                    drops,
                    counters);
            session.restore(from);
            if (sessions.putIfAbsent(from.clientId(), session) != null) {
                continue;
            }
            for (StoredSubscription s : from.subscriptions()) {
                router.tree().subscribe(s.filter(), session, new Subscription(s.qos(), s.noLocal()));
            }
            long generation = session.detachedGeneration();
            scheduler.schedule(
                    () -> {
                        if (session.idleSince(generation)) {
                            remove(session);
                        }
                    },
                    remainingMillis,
                    TimeUnit.MILLISECONDS);
            restored++;
        }
        return restored;
    }

    /**
     * Binds {@code connection} to the client ID's session: the existing one when the client asked to resume and it
     * is persistent, otherwise a new one (the old one's subscriptions are removed).
     *
     * @param expirySeconds how long the session outlives the connection; 0 ends it with the connection
     */
    public Opened open(Connection connection, boolean cleanStart, long expirySeconds) {
        Opened[] result = new Opened[1];
        sessions.compute(connection.clientId(), (id, old) -> {
            Connection previous = old == null ? null : old.connection();
            Session session;
            boolean present;
            if (old != null && !cleanStart && old.expirySeconds() > 0) {
                session = old;
                present = true;
            } else {
                if (old != null) {
                    discard(old);
                }
                session = new Session(
                        id, expirySeconds, limits.maxInFlight(), limits.maxQueuedMessages(), writer, drops, counters);
                present = false;
            }
            session.expirySeconds(expirySeconds);
            session.store(null);
            session.bind(connection);
            connection.session(session);
            result[0] = new Opened(session, present, previous);
            return session;
        });
        return result[0];
    }

    /** The connection closed: unbinds it; ends the session now (expiry 0) or schedules its expiry. */
    public void closed(Connection connection) {
        Session session = connection.session();
        if (session == null) {
            return;
        }
        long generation = session.unbind(connection);
        if (generation < 0) {
            return; // taken over: the session belongs to a newer connection
        }
        long expiry = session.expirySeconds();
        if (expiry == 0) {
            remove(session);
        } else {
            // The expiry counts from here, also across a restart.
            session.store(clock.instant());
            connection
                    .channel()
                    .eventLoop()
                    .schedule(
                            () -> {
                                if (session.idleSince(generation)) {
                                    remove(session);
                                }
                            },
                            expiry,
                            TimeUnit.SECONDS);
        }
    }

    public Optional<Session> find(String clientId) {
        return Optional.ofNullable(sessions.get(clientId));
    }

    public int size() {
        return sessions.size();
    }

    /** QoS 1 messages waiting in session queues, over every session; visits each session (for scrapes, not hot paths). */
    public long queuedMessages() {
        long total = 0;
        for (Session session : sessions.values()) {
            total += session.queuedCount();
        }
        return total;
    }

    private void remove(Session session) {
        if (sessions.remove(session.clientId(), session)) {
            discard(session);
        }
    }

    private void discard(Session session) {
        if (session.stored()) {
            writer.submit(new SessionChange.Deleted(session.clientId()));
        }
        for (String filter : session.discard()) {
            router.tree().unsubscribe(filter, session);
        }
    }
}
