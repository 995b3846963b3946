package io.thingcore.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The one connection pool of a gateway's database, shared by every store (registry, MQTT sessions, and the stores
 * still to come), and the transaction discipline they share (docs/adr/0007-storage-core-namespaces-and-change-feed.md).
 *
 * <p>Concurrency is per aggregate, not per database: there is no database-wide write lock. On PostgreSQL each write is
 * a READ COMMITTED transaction on its own pooled connection; a store locks the rows of the aggregates an operation
 * touches ({@code SELECT ... FOR UPDATE}, see {@link Sql#forUpdate()}) in one global order, and unique constraints
 * catch concurrent creates. On SQLite, which runs one write transaction at a time anyway, every write goes to the one
 * {@link SqliteWriter} (group commit); WAL lets readers run beside it.
 *
 * <p>Durability: SQLite runs with {@code synchronous=FULL} (the WAL is fsynced at every commit) and PostgreSQL with
 * its default {@code synchronous_commit=on}, so an operation that returned has been written to disk.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    @FunctionalInterface
    public interface Work<T extends @Nullable Object> {
        T run(Sql sql) throws SQLException;
    }

    private final DatabaseUrl url;
    private final HikariDataSource dataSource;
    private final @Nullable SqliteWriter sqliteWriter;

    private Database(DatabaseUrl url, HikariDataSource dataSource, @Nullable SqliteWriter sqliteWriter) {
        this.url = url;
        this.dataSource = dataSource;
        this.sqliteWriter = sqliteWriter;
    }

    public static Database open(DatabaseUrl url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("thingcore-database");
        config.setAutoCommit(false);
        if (url.dialect() == DatabaseUrl.Dialect.SQLITE) {
            createParentDirectory(url.sqliteFile());
            SqliteLibrary.preferUnpacked();
            SQLiteConfig sqlite = new SQLiteConfig();
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            sqlite.enforceForeignKeys(true);
            sqlite.setBusyTimeout(10_000);
            SQLiteDataSource sqliteDataSource = new SQLiteDataSource(sqlite);
            sqliteDataSource.setUrl(url.jdbcUrl());
            config.setDataSource(sqliteDataSource);
            config.setMaximumPoolSize(4);
        } else {
            config.setJdbcUrl(url.jdbcUrl());
            config.setMaximumPoolSize(10);
        }
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the database " + url + ": " + rootMessage(e), e);
        }
        if (url.dialect() != DatabaseUrl.Dialect.SQLITE) {
            return new Database(url, dataSource, null);
        }
        try {
            // The writer keeps one pooled connection for its lifetime; readers share the others.
            return new Database(url, dataSource, new SqliteWriter(dataSource.getConnection()));
        } catch (SQLException e) {
            dataSource.close();
            throw new IllegalStateException("cannot open the database " + url + ": " + rootMessage(e), e);
        }
    }

    public static void createParentDirectory(Path file) {
        Path parent = file.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the directory of the database file " + file, e);
            }
        }
    }

    public DatabaseUrl.Dialect dialect() {
        return url.dialect();
    }

    public DatabaseUrl url() {
        return url;
    }

    /**
     * Runs {@code work} as one write transaction (on SQLite: one savepoint of the writer's next batch): it is committed
     * when this returns, rolled back when it throws (a runtime exception from the work is rethrown as is; database
     * failures become a {@link StorageException}). Blocks: never call it from an event loop.
     */
    public <T extends @Nullable Object> T write(Work<T> work) {
        if (sqliteWriter != null) {
            return sqliteWriter.write(work);
        }
        return transaction(work, true);
    }

    /** Runs {@code work} in a read-only transaction (one consistent snapshot on PostgreSQL and SQLite WAL). */
    public <T extends @Nullable Object> T read(Work<T> work) {
        return transaction(work, false);
    }

    /**
     * A pooled connection (auto-commit off) for a store that runs its own transactions on its own tables (the MQTT
     * session store's batches); the caller commits and closes it.
     */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    private <T extends @Nullable Object> T transaction(Work<T> work, boolean write) {
        try (Connection connection = dataSource.getConnection()) {
            try {
                if (!write && url.dialect() == DatabaseUrl.Dialect.POSTGRESQL) {
                    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                }
                Sql sql = new Sql(connection, url.dialect());
                T result = work.run(sql);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                if (!rollback(connection)) {
                    // The connection's transaction state is unknown: SQLite rolls a transaction back by itself on
                    // SQLITE_FULL (SQLite documentation, "Result and Error Codes"), after which the driver refuses
                    // every
                    // later commit and rollback on that connection ("no transaction is active"). Found by the disk-full
                    // test (DataDirFullIT): reads kept failing after space returned. A fresh connection replaces it.
                    dataSource.evictConnection(connection);
                }
                throw e;
            } finally {
                if (!write && url.dialect() == DatabaseUrl.Dialect.POSTGRESQL) {
                    connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                }
            }
        } catch (SQLException e) {
            LOG.error("database operation failed", e);
            throw new StorageException(rootMessage(e), e);
        }
    }

    /** Rolls back; false when that failed too, so the connection is in an unknown state. */
    private static boolean rollback(Connection connection) {
        try {
            connection.rollback();
            return true;
        } catch (SQLException e) {
            LOG.warn("rollback failed; the connection is replaced", e);
            return false;
        }
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** Commits the writes already queued, then closes the pool. */
    @Override
    public void close() {
        try {
            if (sqliteWriter != null) {
                sqliteWriter.close();
            }
        } finally {
            dataSource.close();
        }
    }
}
