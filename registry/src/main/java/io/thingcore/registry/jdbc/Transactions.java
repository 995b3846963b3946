package io.thingcore.registry.jdbc;

import io.thingcore.registry.ErrorType;
import io.thingcore.registry.RegistryException;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * How every registry operation reaches the database: a write is one transaction under the registry write lock (see
 * {@link Database}), and its {@link Changes} are handed to {@code afterCommit} while the lock is still held, so
 * effects are published in commit order. Also the open/closed state: a closed registry refuses every operation.
 */
final class Transactions {
    @FunctionalInterface
    interface Work<T> {
        T run(Sql sql, Changes changes) throws SQLException;
    }

    private final Database database;
    private final Consumer<Changes> afterCommit;
    private volatile boolean closed;

    Transactions(Database database, Consumer<Changes> afterCommit) {
        this.database = database;
        this.afterCommit = afterCommit;
    }

    <T> T write(Work<T> work) {
        ensureOpen();
        ReentrantLock lock = database.writeLock();
        lock.lock();
        try {
            Changes changes = new Changes();
            T result = database.write(sql -> work.run(sql, changes));
            afterCommit.accept(changes);
            return result;
        } finally {
            lock.unlock();
        }
    }

    <T> T read(Database.Work<T> work) {
        ensureOpen();
        return database.read(work);
    }

    void ensureOpen() {
        if (closed) {
            throw new RegistryException(ErrorType.SERVICE_UNAVAILABLE, "the registry is closed");
        }
    }

    /** Waits for a running write to finish (it holds the lock), then closes the pool; idempotent. */
    void close() {
        if (closed) {
            return;
        }
        ReentrantLock lock = database.writeLock();
        lock.lock();
        try {
            closed = true;
            database.close();
        } finally {
            lock.unlock();
        }
    }
}
