package io.thingcore.registry.jdbc;

import io.thingcore.registry.ErrorType;
import io.thingcore.registry.RegistryException;
import io.thingcore.storage.Database;
import io.thingcore.storage.Sql;
import io.thingcore.storage.StorageException;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How every registry operation reaches the database: a write is one transaction under the write lock (see
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
            T result = storage(() -> database.write(sql -> work.run(sql, changes)));
            afterCommit.accept(changes);
            return result;
        } finally {
            lock.unlock();
        }
    }

    <T> T read(Database.Work<T> work) {
        ensureOpen();
        return storage(() -> database.read(work));
    }

    /** A database failure is AWS's InternalFailureException; the registry's own refusals pass through as they are. */
    private static <T> T storage(Supplier<T> call) {
        try {
            return call.get();
        } catch (StorageException e) {
            throw new RegistryException(ErrorType.INTERNAL_FAILURE, "registry database error: " + e.getMessage());
        }
    }

    void ensureOpen() {
        if (closed) {
            throw new RegistryException(ErrorType.SERVICE_UNAVAILABLE, "the registry is closed");
        }
    }

    /** Refuses further operations once a running write finished (it holds the lock); idempotent. */
    void close() {
        ReentrantLock lock = database.writeLock();
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }
}
