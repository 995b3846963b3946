package io.thingcore.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The one connection pool of a gateway's database, shared by every store (registry, MQTT sessions, and the stores
 * still to come), and the transaction discipline they share.
 *
 * <p>Concurrency (why there is no {@code SELECT ... FOR UPDATE}): every write transaction first takes one write lock,
 * so checks and writes of an operation never interleave with another write. In this JVM that is a
 * {@link ReentrantLock}; on PostgreSQL the transaction also takes {@code pg_advisory_xact_lock}, so that any other
 * writer of the database (today only one gateway node may use it, see {@link NodeLock}) serializes with it
 * (control-plane writes are rare; correctness beats throughput). Under that lock READ COMMITTED sees every committed
 * write, which makes each operation serializable without retry loops. SQLite allows one writer anyway; WAL lets readers run beside it.
 *
 * <p>Durability: SQLite runs with {@code synchronous=FULL} (the WAL is fsynced at every commit) and PostgreSQL with
 * its default {@code synchronous_commit=on}, so an operation that returned has been written to disk.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** Arbitrary but fixed: the advisory lock key of thingcore writes ("thingcore" in ASCII, truncated). */
    private static final long ADVISORY_LOCK_KEY = 0x7468696e67636f72L;

    @FunctionalInterface
    public interface Work<T> {
        T run(Sql sql) throws SQLException;
    }

    private final DatabaseUrl url;
    private final HikariDataSource dataSource;
    private final ReentrantLock writeLock = new ReentrantLock();

    private Database(DatabaseUrl url, HikariDataSource dataSource) {
        this.url = url;
        this.dataSource = dataSource;
    }

    public static Database open(DatabaseUrl url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("thingcore-database");
        config.setAutoCommit(false);
        if (url.dialect() == DatabaseUrl.Dialect.SQLITE) {
            createParentDirectory(url.sqliteFile());
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
        try {
            return new Database(url, new HikariDataSource(config));
        } catch (RuntimeException e) {
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
     * Runs {@code work} as one write transaction under the write lock: commits when it returns, rolls back when it
     * throws (a runtime exception from the work is rethrown as is; database failures become a
     * {@link StorageException}).
     */
    public <T> T write(Work<T> work) {
        writeLock.lock();
        try {
            return transaction(work, true);
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs {@code work} in a read-only transaction (one consistent snapshot on PostgreSQL and SQLite WAL). */
    public <T> T read(Work<T> work) {
        return transaction(work, false);
    }

    /**
     * A pooled connection (auto-commit off) for a store that runs its own transactions on its own tables (the MQTT
     * session store's batches); the caller commits and closes it.
     */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** The write lock: held by the caller around {@link #write} plus the publication of its effects. */
    public ReentrantLock writeLock() {
        return writeLock;
    }

    private <T> T transaction(Work<T> work, boolean write) {
        try (Connection connection = dataSource.getConnection()) {
            try {
                if (!write && url.dialect() == DatabaseUrl.Dialect.POSTGRESQL) {
                    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                }
                Sql sql = new Sql(connection);
                if (write && url.dialect() == DatabaseUrl.Dialect.POSTGRESQL) {
                    sql.one("SELECT pg_advisory_xact_lock(?)", rs -> 1, ADVISORY_LOCK_KEY);
                }
                T result = work.run(sql);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection);
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

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
