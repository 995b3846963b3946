package io.thingcore.sessions;

import io.thingcore.storage.Database;
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
import org.jspecify.annotations.Nullable;

/**
 * Persistent MQTT sessions in the gateway's database (SQLite or PostgreSQL, one SQL text for both), in their own
 * tables and migration track ({@link #TRACK}). Each {@link #write} is one transaction, committed before it returns;
 * the storage core's durability settings (SQLite {@code synchronous=FULL}, PostgreSQL {@code synchronous_commit=on})
 * make a returned write survive a crash.
 */
public final class JdbcSessionStore {
    /** The session store's schema scripts; version 1 is the former registry migration V002 (same tables). */
    public static final MigrationTrack TRACK = new MigrationTrack(
            "sessions", "/io/thingcore/sessions/migrations/", List.of("V001__sessions.sql", "V002__namespaces.sql"));

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
            @Nullable Instant disconnectedAt,
            List<Subscription> subscriptions,
            List<Message> messages) {}

    public record Subscription(String filter, int qos, boolean noLocal) {}

    public record Message(long sequence, String topic, byte[] payload, boolean retain) {}

    /** The changes of one transaction, applied in call order. */
    public interface Batch {
        /** Creates or replaces the session row; keeps its subscriptions and messages. */
        void save(String clientId, long expirySeconds, @Nullable Instant disconnectedAt) throws SQLException;

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

    private static final String SAVE = "INSERT INTO mqtt_sessions (account_id, region, client_id, expiry_seconds,"
            + " disconnected_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, region, client_id) DO UPDATE SET"
            + " expiry_seconds = excluded.expiry_seconds,"
            + " disconnected_at = excluded.disconnected_at";
    private static final String SUBSCRIBE = "INSERT INTO mqtt_session_subscriptions (account_id, region, client_id,"
            + " filter, qos, no_local) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, region, client_id, filter)"
            + " DO UPDATE SET qos = excluded.qos,"
            + " no_local = excluded.no_local";
    private static final String QUEUE = "INSERT INTO mqtt_session_messages (account_id, region, client_id, seq, topic,"
            + " payload, retain) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, region, client_id, seq) DO NOTHING";

    private final Database database;
    private final String accountId;
    private final String region;

    /**
     * The sessions of one namespace (account ID and region: the broker's, the gateway's default namespace); every
     * statement is scoped to it.
     */
    private JdbcSessionStore(Database database, String accountId, String region) {
        this.database = Objects.requireNonNull(database, "database");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.region = Objects.requireNonNull(region, "region");
    }

    /**
     * Applies the session store's track to {@code storage} (sessions stored before namespaces existed are carried
     * into this namespace) and returns the namespace's store on the storage's connection pool.
     */
    public static JdbcSessionStore open(Storage storage, String accountId, String region) {
        storage.migrate(TRACK, Map.of("account_id", accountId, "region", region));
        return new JdbcSessionStore(storage.database(), accountId, region);
    }

    /** Prepares a statement whose first two parameters are the namespace, and binds them. */
    private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setString(1, accountId);
        statement.setString(2, region);
        return statement;
    }

    /** Every stored session with its subscriptions and messages. */
    public List<Session> loadAll() {
        try (Connection c = database.connection()) {
            try {
                Map<String, long[]> rows = new LinkedHashMap<>();
                Map<String, Instant> disconnected = new HashMap<>();
                try (PreparedStatement s = prepare(
                                c,
                                "SELECT client_id, expiry_seconds, disconnected_at FROM mqtt_sessions"
                                        + " WHERE account_id = ? AND region = ? ORDER BY client_id");
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
                try (PreparedStatement s = prepare(
                                c,
                                "SELECT client_id, filter, qos, no_local FROM mqtt_session_subscriptions"
                                        + " WHERE account_id = ? AND region = ? ORDER BY client_id, filter");
                        ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        subscriptions
                                .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new Subscription(rs.getString(2), rs.getInt(3), rs.getInt(4) != 0));
                    }
                }
                Map<String, List<Message>> messages = new HashMap<>();
                try (PreparedStatement s = prepare(
                                c,
                                "SELECT client_id, seq, topic, payload, retain FROM mqtt_session_messages"
                                        + " WHERE account_id = ? AND region = ? ORDER BY client_id, seq");
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
        try (Connection c = database.connection()) {
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
    private final class JdbcBatch implements Batch, AutoCloseable {
        private final Connection connection;
        private final Map<String, PreparedStatement> statements = new HashMap<>();

        JdbcBatch(Connection connection) {
            this.connection = connection;
        }

        private PreparedStatement statement(String sql) throws SQLException {
            PreparedStatement s = statements.get(sql);
            if (s == null) {
                s = prepare(connection, sql);
                statements.put(sql, s);
            }
            return s;
        }

        @Override
        public void save(String clientId, long expirySeconds, @Nullable Instant disconnectedAt) throws SQLException {
            PreparedStatement s = statement(SAVE);
            s.setString(3, clientId);
            s.setLong(4, expirySeconds);
            if (disconnectedAt == null) {
                s.setNull(5, Types.BIGINT);
            } else {
                s.setLong(5, disconnectedAt.toEpochMilli());
            }
            s.executeUpdate();
        }

        @Override
        public void delete(String clientId) throws SQLException {
            for (String table : List.of("mqtt_session_messages", "mqtt_session_subscriptions", "mqtt_sessions")) {
                PreparedStatement s =
                        statement("DELETE FROM " + table + " WHERE account_id = ? AND region = ? AND client_id = ?");
                s.setString(3, clientId);
                s.executeUpdate();
            }
        }

        @Override
        public void subscribe(String clientId, Subscription subscription) throws SQLException {
            PreparedStatement s = statement(SUBSCRIBE);
            s.setString(3, clientId);
            s.setString(4, subscription.filter());
            s.setInt(5, subscription.qos());
            s.setInt(6, subscription.noLocal() ? 1 : 0);
            s.executeUpdate();
        }

        @Override
        public void unsubscribe(String clientId, String filter) throws SQLException {
            PreparedStatement s = statement("DELETE FROM mqtt_session_subscriptions"
                    + " WHERE account_id = ? AND region = ? AND client_id = ? AND filter = ?");
            s.setString(3, clientId);
            s.setString(4, filter);
            s.executeUpdate();
        }

        @Override
        public void queue(String clientId, Message message) throws SQLException {
            PreparedStatement s = statement(QUEUE);
            s.setString(3, clientId);
            s.setLong(4, message.sequence());
            s.setString(5, message.topic());
            s.setBytes(6, message.payload());
            s.setInt(7, message.retain() ? 1 : 0);
            s.executeUpdate();
        }

        @Override
        public void remove(String clientId, long sequence) throws SQLException {
            PreparedStatement s = statement(
                    "DELETE FROM mqtt_session_messages WHERE account_id = ? AND region = ? AND client_id = ? AND seq = ?");
            s.setString(3, clientId);
            s.setLong(4, sequence);
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
