package io.thingcore.storage.signal;

import io.thingcore.logtext.LogText;
import io.thingcore.storage.Database;
import io.thingcore.storage.DatabaseUrl;
import io.thingcore.storage.NodeLock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signal on one named channel of the database, sent by one node and received by every other node of the same
 * database and schema. On SQLite, whose database one node opens at a time (docs/adr/0006-one-gateway-node-per-database.md),
 * there is nobody to tell and the signal does nothing.
 */
public abstract sealed class DatabaseSignal implements AutoCloseable
        permits DatabaseSignal.None, DatabaseSignal.Postgres {
    private static final Pattern CHANNEL = Pattern.compile("[a-z_]{1,32}");

    /**
     * Listens on {@code channel} (lower case letters and underscores) and runs {@code onSignal} on the listener's
     * thread whenever another node sends on it, and after the listening connection was re-established (signals may
     * have been lost meanwhile). {@code onSignal} must return quickly.
     *
     * @throws IllegalStateException when the listening connection cannot be opened
     */
    public static DatabaseSignal open(Database database, String channel, Runnable onSignal) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("channel must match " + CHANNEL.pattern() + ", got: " + channel);
        }
        Objects.requireNonNull(onSignal, "onSignal");
        if (database.dialect() == DatabaseUrl.Dialect.SQLITE) {
            return new None();
        }
        return Postgres.start(database, channel, onSignal);
    }

    /** Tells the other nodes; never throws (a lost signal is caught up by their polling). */
    public abstract void send();

    @Override
    public abstract void close();

    static final class None extends DatabaseSignal {
        @Override
        public void send() {}

        @Override
        public void close() {}
    }

    /**
     * PostgreSQL documentation, "NOTIFY" and "LISTEN": a notification is delivered to every session listening on the
     * channel when the sending transaction commits; pgjdbc hands them out through
     * {@link PGConnection#getNotifications(int)}, which waits up to the given time. {@code NOTIFY} is sent after the
     * writers' commits, in its own short transaction, not inside them: a transaction that notifies takes a lock
     * shared by the whole database while it commits ("NOTIFY", Notes), which would serialize parallel writers.
     */
    static final class Postgres extends DatabaseSignal {
        private static final Logger LOG = LoggerFactory.getLogger(DatabaseSignal.class);
        private static final int WAIT_MILLIS = 1_000;
        private static final long RECONNECT_MILLIS = 1_000;

        private final Database database;
        private final String channel;
        private final Runnable onSignal;
        private final Thread thread;
        private volatile boolean closed;
        private volatile @Nullable Connection connection;

        private Postgres(Database database, String channel, Runnable onSignal, @Nullable Connection connection) {
            this.database = database;
            this.channel = channel;
            this.onSignal = onSignal;
            this.connection = connection;
            this.thread = new Thread(this::run, "thingcore-database-listener");
            thread.setDaemon(true);
        }

        static Postgres start(Database database, String name, Runnable onSignal) {
            try {
                Connection first = DriverManager.getConnection(database.url().jdbcUrl());
                // One channel per schema: gateways in different schemas of one database share nothing.
                String channel =
                        "thingcore_" + name + "_" + Integer.toHexString(NodeLock.Postgres.schemaKey(schema(first)));
                Postgres signal = new Postgres(database, channel.toLowerCase(Locale.ROOT), onSignal, first);
                signal.listen(first);
                signal.thread.start();
                return signal;
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "cannot listen for changes on the database " + database.url() + ": " + e.getMessage(), e);
            }
        }

        private static String schema(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT current_schema()")) {
                rs.next();
                String schema = rs.getString(1);
                return schema == null ? "" : schema;
            }
        }

        private void listen(Connection listening) throws SQLException {
            listening.setAutoCommit(true);
            try (Statement statement = listening.createStatement()) {
                // The channel is built from a checked name and a hex number: safe as an identifier.
                statement.execute("LISTEN " + channel);
            }
        }

        private void run() {
            while (!closed) {
                try {
                    Connection listening = connection;
                    if (listening == null) {
                        listening = DriverManager.getConnection(database.url().jdbcUrl());
                        listen(listening);
                        connection = listening;
                        if (closed) {
                            dropConnection();
                            return;
                        }
                        LOG.info("listening for changes of other nodes again");
                        onSignal.run();
                    }
                    PGNotification[] received =
                            listening.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
                    if (received != null && received.length > 0) {
                        onSignal.run();
                    }
                } catch (SQLException e) {
                    if (closed) {
                        return;
                    }
                    LOG.warn(
                            "listening for changes of other nodes failed (polling continues): {}",
                            LogText.line(String.valueOf(e.getMessage())));
                    dropConnection();
                    try {
                        Thread.sleep(RECONNECT_MILLIS);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        private void dropConnection() {
            Connection dropped = connection;
            connection = null;
            if (dropped != null) {
                try {
                    dropped.close();
                } catch (SQLException e) {
                    LOG.debug("closing the listening connection: {}", LogText.line(String.valueOf(e.getMessage())));
                }
            }
        }

        @Override
        public void send() {
            try (Connection sending = database.connection();
                    PreparedStatement notify = sending.prepareStatement("SELECT pg_notify(?, '')")) {
                notify.setString(1, channel);
                notify.executeQuery().close();
                sending.commit();
            } catch (SQLException | RuntimeException e) {
                LOG.warn(
                        "could not signal other nodes (they will poll): {}",
                        LogText.line(String.valueOf(e.getMessage())));
            }
        }

        @Override
        public void close() {
            closed = true;
            // Closing the connection ends a wait in getNotifications at once.
            dropConnection();
            thread.interrupt();
            try {
                thread.join(WAIT_MILLIS * 2L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
