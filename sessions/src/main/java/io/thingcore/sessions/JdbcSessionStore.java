package io.thingcore.sessions;

import io.thingcore.storage.MigrationTrack;
import io.thingcore.storage.Storage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Persistent MQTT sessions in the gateway's database (SQLite or PostgreSQL, one SQL text for both), in their own
 * tables and migration track ({@link #TRACK}). Each {@link #write} is one transaction, committed before it returns;
 * the storage core's durability settings (SQLite {@code synchronous=FULL}, PostgreSQL {@code synchronous_commit=on})
 * make a returned write survive a crash.
 */
public final class JdbcSessionStore {
    /** The session store's schema scripts; version 1 is the former registry migration V002 (same tables). */
    public static final MigrationTrack TRACK =
            new MigrationTrack("sessions", "/io/thingcore/sessions/migrations/", List.of("V001__sessions.sql"));

    /** Opens a connection with auto-commit off; the store commits or rolls back and closes it. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    /**
     * One stored session.
     *
     * @param disconnectedAt when its last connection ended, or null
     * @param subscriptions its subscriptions, in filter order
     * @param messages its messages by ascending sequence
     */
    public record Session(
            String clientId,
            long expirySeconds,
            Instant disconnectedAt,
            List<Subscription> subscriptions,
            List<Message> messages) {}

    public record Subscription(String filter, int qos, boolean noLocal) {}

    public record Message(long sequence, String topic, byte[] payload, boolean retain) {}

    /** The changes of one transaction, applied in call order. */
    public interface Batch {
        /** Creates or replaces the session row; keeps its subscriptions and messages. */
        void save(String clientId, long expirySeconds, Instant disconnectedAt) throws SQLException;

        /** Deletes the session with its subscriptions and messages. */
        void delete(String clientId) throws SQLException;

        void subscribe(String clientId, Subscription subscription) throws SQLException;

        void unsubscribe(String clientId, String filter) throws SQLException;

        /** Stores a message; storing one sequence twice keeps the first. */
        void queue(String clientId, Message message) throws SQLException;

        void remove(String clientId, long sequence) throws SQLException;
    }

    @FunctionalInterface
    public interface Work {
        void run(Batch batch) throws SQLException;
    }

    private static final String SAVE = "INSERT INTO mqtt_sessions (client_id, expiry_seconds, disconnected_at)"
            + " VALUES (?, ?, ?) ON CONFLICT (client_id) DO UPDATE SET expiry_seconds = excluded.expiry_seconds,"
            + " disconnected_at = excluded.disconnected_at";
    private static final String SUBSCRIBE = "INSERT INTO mqtt_session_subscriptions (client_id, filter, qos, no_local)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (client_id, filter) DO UPDATE SET qos = excluded.qos,"
            + " no_local = excluded.no_local";
    private static final String QUEUE = "INSERT INTO mqtt_session_messages (client_id, seq, topic, payload, retain)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (client_id, seq) DO NOTHING";

    private final ConnectionSource connections;

    public JdbcSessionStore(ConnectionSource connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    /** Applies the session store's track to {@code storage} and returns the store on its connection pool. */
    public static JdbcSessionStore open(Storage storage) {
        storage.migrate(TRACK, Map.of());
        return new JdbcSessionStore(storage.database()::connection);
    }

    /** Every stored session with its subscriptions and messages. */
    public List<Session> loadAll() {
        try (Connection c = connections.open()) {
            try {
                Map<String, long[]> rows = new LinkedHashMap<>();
                Map<String, Instant> disconnected = new HashMap<>();
                try (PreparedStatement s = c.prepareStatement(
                                "SELECT client_id, expiry_seconds, disconnected_at FROM mqtt_sessions ORDER BY client_id");
                        ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        rows.put(id, new long[] {rs.getLong(2)});
                        long at = rs.getLong(3);
                        if (!rs.wasNull()) {
                            disconnected.put(id, Instant.ofEpochMilli(at));
                        }
                    }
                }
                Map<String, List<Subscription>> subscriptions = new HashMap<>();
                try (PreparedStatement s = c.prepareStatement("SELECT client_id, filter, qos, no_local"
                                + " FROM mqtt_session_subscriptions ORDER BY client_id, filter");
                        ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        subscriptions
                                .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new Subscription(rs.getString(2), rs.getInt(3), rs.getInt(4) != 0));
                    }
                }
                Map<String, List<Message>> messages = new HashMap<>();
                try (PreparedStatement s = c.prepareStatement("SELECT client_id, seq, topic, payload, retain"
                                + " FROM mqtt_session_messages ORDER BY client_id, seq");
                        ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        messages.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new Message(rs.getLong(2), rs.getString(3), rs.getBytes(4), rs.getInt(5) != 0));
                    }
                }
                c.commit();
                List<Session> out = new ArrayList<>();
                rows.forEach((id, row) -> out.add(new Session(
                        id,
                        row[0],
                        disconnected.get(id),
                        List.copyOf(subscriptions.getOrDefault(id, List.of())),
                        List.copyOf(messages.getOrDefault(id, List.of())))));
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load MQTT sessions: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} as one transaction and commits it; throws when anything failed (nothing is then kept). */
    public void write(Work work) {
        try (Connection c = connections.open()) {
            try (JdbcBatch batch = new JdbcBatch(c)) {
                work.run(batch);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store MQTT session changes: " + e.getMessage(), e);
        }
    }

    /** Reuses one prepared statement per SQL text within the transaction. */
    private static final class JdbcBatch implements Batch, AutoCloseable {
        private final Connection connection;
        private final Map<String, PreparedStatement> statements = new HashMap<>();

        JdbcBatch(Connection connection) {
            this.connection = connection;
        }

        private PreparedStatement statement(String sql) throws SQLException {
            PreparedStatement s = statements.get(sql);
            if (s == null) {
                s = connection.prepareStatement(sql);
                statements.put(sql, s);
            }
            return s;
        }

        @Override
        public void save(String clientId, long expirySeconds, Instant disconnectedAt) throws SQLException {
            PreparedStatement s = statement(SAVE);
            s.setString(1, clientId);
            s.setLong(2, expirySeconds);
            if (disconnectedAt == null) {
                s.setNull(3, Types.BIGINT);
            } else {
                s.setLong(3, disconnectedAt.toEpochMilli());
            }
            s.executeUpdate();
        }

        @Override
        public void delete(String clientId) throws SQLException {
            for (String table : List.of("mqtt_session_messages", "mqtt_session_subscriptions", "mqtt_sessions")) {
                PreparedStatement s = statement("DELETE FROM " + table + " WHERE client_id = ?");
                s.setString(1, clientId);
                s.executeUpdate();
            }
        }

        @Override
        public void subscribe(String clientId, Subscription subscription) throws SQLException {
            PreparedStatement s = statement(SUBSCRIBE);
            s.setString(1, clientId);
            s.setString(2, subscription.filter());
            s.setInt(3, subscription.qos());
            s.setInt(4, subscription.noLocal() ? 1 : 0);
            s.executeUpdate();
        }

        @Override
        public void unsubscribe(String clientId, String filter) throws SQLException {
            PreparedStatement s =
                    statement("DELETE FROM mqtt_session_subscriptions WHERE client_id = ? AND filter = ?");
            s.setString(1, clientId);
            s.setString(2, filter);
            s.executeUpdate();
        }

        @Override
        public void queue(String clientId, Message message) throws SQLException {
            PreparedStatement s = statement(QUEUE);
            s.setString(1, clientId);
            s.setLong(2, message.sequence());
            s.setString(3, message.topic());
            s.setBytes(4, message.payload());
            s.setInt(5, message.retain() ? 1 : 0);
            s.executeUpdate();
        }

        @Override
        public void remove(String clientId, long sequence) throws SQLException {
            PreparedStatement s = statement("DELETE FROM mqtt_session_messages WHERE client_id = ? AND seq = ?");
            s.setString(1, clientId);
            s.setLong(2, sequence);
            s.executeUpdate();
        }

        @Override
        public void close() throws SQLException {
            SQLException first = null;
            for (PreparedStatement s : statements.values()) {
                try {
                    s.close();
                } catch (SQLException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
