package io.thingcore.storage;

import io.thingcore.logtext.LogText;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway node per registry database, held from open to close (docs/adr/0006-one-gateway-node-per-database.md):
 * change events stay in the JVM that committed them, so a second node on the same database would never learn of a
 * revocation made through the first. Taken before the database is opened; a second node is refused with a
 * {@link DatabaseInUseException}.
 *
 * <ul>
 *   <li>SQLite: an exclusive {@link LockFile} next to the database file ({@code registry.db.lock}), released by the
 *       kernel when the process dies.
 *   <li>PostgreSQL: a session-level advisory lock taken with {@code pg_try_advisory_lock(key1, key2)} on one
 *       dedicated connection, outside the pool, kept open for the node's lifetime. PostgreSQL documentation, "Advisory
 *       Locks" (Explicit Locking): a session-level advisory lock is held until explicitly released or the session
 *       ends, so a node that is killed, or whose connection is cut, frees it. The holder records itself in
 *       {@code gateway_node} (the storage track's migration V001) so that the refused node can say who holds the database.
 * </ul>
 */
public abstract sealed class NodeLock implements AutoCloseable
        permits NodeLock.Sqlite, NodeLock.Postgres, NodeLock.None {

    /**
     * The first key of the two-key advisory lock: thingcore's namespace, "tcnd" (thingcore node) in ASCII.
     * PostgreSQL documentation, "Advisory Lock Functions": the two-{@code integer} keys and the one-{@code bigint}
     * key are separate key spaces, so this lock never meets the registry's {@code pg_advisory_xact_lock(bigint)}
     * write lock.
     */
    public static final int NAMESPACE = 0x74636e64;

    static NodeLock acquire(DatabaseUrl url) {
        return url.dialect() == DatabaseUrl.Dialect.SQLITE ? Sqlite.acquire(url) : Postgres.acquire(url);
    }

    /** Records the holder where a refused node can read it, once the schema exists (after the migrations). */
    abstract void recordHolder(Clock clock);

    /** Releases the lock; idempotent, and quiet when the connection is already gone. */
    @Override
    public abstract void close();

    static String message(String database, String holder) {
        return "the database " + database + " is in use by " + holder + "; " + DatabaseInUseException.WHY;
    }

    /**
     * No lock: a further registry node beside the gateway that holds the lock ({@link Storage#openAdditionalNode}).
     */
    public static final class None extends NodeLock {
        @Override
        void recordHolder(Clock clock) {
            // The holder's row names the gateway; this node is not one.
        }

        @Override
        public void close() {}
    }

    public static final class Sqlite extends NodeLock {
        private final LockFile lock;

        private Sqlite(LockFile lock) {
            this.lock = lock;
        }

        static Sqlite acquire(DatabaseUrl url) {
            Path database = url.sqliteFile();
            Database.createParentDirectory(database);
            Path file = database.resolveSibling(database.getFileName() + ".lock");
            LockFile.Attempt attempt = LockFile.tryAcquire(file);
            if (attempt instanceof LockFile.Held held) {
                throw new DatabaseInUseException(
                        message(url.displayName(), held.holder() + " (another thingcore gateway)"));
            }
            return new Sqlite(((LockFile.Acquired) attempt).lock());
        }

        @Override
        void recordHolder(Clock clock) {
            // The lock file holds the pid.
        }

        @Override
        public void close() {
            lock.close();
        }
    }

    public static final class Postgres extends NodeLock {
        private static final Logger LOG = LoggerFactory.getLogger(NodeLock.class);

        private final Connection connection;
        private final int schemaKey;
        private final String nodeId = UUID.randomUUID().toString();
        private boolean closed;

        private Postgres(Connection connection, int schemaKey) {
            this.connection = connection;
            this.schemaKey = schemaKey;
        }

        static Postgres acquire(DatabaseUrl url) {
            Connection connection;
            try {
                connection = DriverManager.getConnection(url.jdbcUrl());
            } catch (SQLException e) {
                throw new IllegalStateException("cannot open the registry database " + url + ": " + e.getMessage(), e);
            }
            try {
                connection.setAutoCommit(true);
                try {
                    // Shows in pg_stat_activity.application_name, so an operator can tell this session apart.
                    connection.setClientInfo("ApplicationName", "thingcore gateway node lock");
                } catch (SQLException ignored) {
                    // Only a label.
                }
                String schema = schema(connection);
                int schemaKey = schemaKey(schema);
                boolean locked;
                try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                    statement.setInt(1, NAMESPACE);
                    statement.setInt(2, schemaKey);
                    try (ResultSet rs = statement.executeQuery()) {
                        rs.next();
                        locked = rs.getBoolean(1);
                    }
                }
                if (!locked) {
                    String database = url.displayName() + (schema.equals("public") ? "" : " (schema " + schema + ")");
                    throw new DatabaseInUseException(message(database, holder(connection)));
                }
                return new Postgres(connection, schemaKey);
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                if (e instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("cannot lock the registry database " + url + ": " + e.getMessage(), e);
            }
        }

        /**
         * The schema the registry's tables live in (the first existing schema of the search path; {@code public}
         * unless the URL sets {@code currentSchema}): gateways in different schemas of one database share nothing, so
         * each schema has its own lock.
         */
        private static String schema(Connection connection) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement("SELECT current_schema()");
                    ResultSet rs = statement.executeQuery()) {
                rs.next();
                String schema = rs.getString(1);
                return schema == null ? "" : schema;
            }
        }

        /** The second key: the first four bytes of the SHA-256 of the schema name (stable across JVMs and versions). */
        public static int schemaKey(String schema) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(schema.getBytes(StandardCharsets.UTF_8));
                return ((hash[0] & 0xff) << 24) | ((hash[1] & 0xff) << 16) | ((hash[2] & 0xff) << 8) | (hash[3] & 0xff);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }

        /** "another thingcore gateway (started on HOST, pid N, at TIME)", or less when the holder wrote no row yet. */
        private static String holder(Connection connection) {
            String holder = "another thingcore gateway";
            try (PreparedStatement statement = connection.prepareStatement(
                            "SELECT host, pid, started_at FROM gateway_node ORDER BY started_at DESC");
                    ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                    holder += " (started on " + rs.getString(1) + ", pid " + rs.getLong(2) + ", at "
                            + Instant.ofEpochMilli(rs.getLong(3)).truncatedTo(ChronoUnit.SECONDS) + ")";
                }
            } catch (SQLException e) {
                // No gateway_node table yet: the holder is still migrating a new database.
                LOG.debug("cannot read gateway_node", e);
            }
            return holder;
        }

        @Override
        void recordHolder(Clock clock) {
            try {
                connection.setAutoCommit(false);
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM gateway_node");
                        PreparedStatement insert = connection.prepareStatement(
                                "INSERT INTO gateway_node (node_id, host, pid, started_at) VALUES (?, ?, ?, ?)")) {
                    // Rows left by nodes that were killed: the lock says none of them runs.
                    delete.executeUpdate();
                    insert.setString(1, nodeId);
                    insert.setString(2, hostName());
                    insert.setLong(3, ProcessHandle.current().pid());
                    insert.setLong(4, clock.millis());
                    insert.executeUpdate();
                    connection.commit();
                } catch (SQLException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot record this node in gateway_node: " + e.getMessage(), e);
            }
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                String fromEnvironment = System.getenv("HOSTNAME");
                return fromEnvironment == null || fromEnvironment.isBlank() ? "an unknown host" : fromEnvironment;
            }
        }

        /** The dedicated session, for tests that cut it as a killed node would. */
        public Connection connection() {
            return connection;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                try (PreparedStatement delete =
                                connection.prepareStatement("DELETE FROM gateway_node WHERE node_id = ?");
                        PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                    delete.setString(1, nodeId);
                    delete.executeUpdate();
                    unlock.setInt(1, NAMESPACE);
                    unlock.setInt(2, schemaKey);
                    unlock.executeQuery().close();
                }
            } catch (SQLException e) {
                // The session is gone (the database restarted, the connection was cut): so is the lock.
                LOG.debug("releasing the node lock: {}", LogText.line(e.getMessage()));
            } finally {
                try {
                    connection.close();
                } catch (SQLException e) {
                    LOG.debug("closing the node lock's connection: {}", LogText.line(e.getMessage()));
                }
            }
        }
    }
}
