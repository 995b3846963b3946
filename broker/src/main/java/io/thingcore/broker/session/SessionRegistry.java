package io.thingcore.broker.session;

import io.thingcore.broker.Limits;
import io.thingcore.broker.routing.Router;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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
    public record Opened(Session session, boolean present, Connection previous) {}

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final Router router;
    private final Limits limits;

    public SessionRegistry(Router router, Limits limits) {
        this.router = router;
        this.limits = limits;
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
                session = new Session(id, expirySeconds, limits.maxInFlight(), limits.maxQueuedMessages());
                present = false;
            }
            session.expirySeconds(expirySeconds);
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

    private void remove(Session session) {
        if (sessions.remove(session.clientId(), session)) {
            discard(session);
        }
    }

    private void discard(Session session) {
        for (String filter : session.discard()) {
            router.tree().unsubscribe(filter, session);
        }
    }
}
