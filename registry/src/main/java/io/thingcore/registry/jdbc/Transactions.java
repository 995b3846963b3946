package io.thingcore.registry.jdbc;

import io.thingcore.registry.Account;
import io.thingcore.registry.ErrorType;
import io.thingcore.registry.RegistryException;
import io.thingcore.storage.Database;
import io.thingcore.storage.StorageException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How every registry operation of one namespace reaches the database: a write is one transaction under the write lock
 * (see {@link Database}) whose statements are scoped to the namespace ({@link ScopedSql}), and its {@link Changes}
 * are handed to {@code afterCommit} while the lock is still held, so effects are published in commit order. Also the
 * open/closed state, shared by every namespace: a closed registry refuses every operation.
 */
final class Transactions {
    @FunctionalInterface
    interface Work<T> {
        T run(ScopedSql sql, Changes changes) throws SQLException;
    }

    @FunctionalInterface
    interface Read<T> {
        T run(ScopedSql sql) throws SQLException;
    }

    private final Database database;
    private final Consumer<Changes> afterCommit;
    private final AtomicBoolean closed;
    private final Account namespace;

    Transactions(Database database, Consumer<Changes> afterCommit, Account namespace) {
        this(database, afterCommit, new AtomicBoolean(), namespace);
    }

    private Transactions(Database database, Consumer<Changes> afterCommit, AtomicBoolean closed, Account namespace) {
        this.database = database;
        this.afterCommit = afterCommit;
        this.closed = closed;
        this.namespace = namespace;
    }

    Account namespace() {
        return namespace;
    }

    /** The same database, lock and open state, for another namespace. */
    Transactions in(Account other) {
        return new Transactions(database, afterCommit, closed, other);
    }

    <T> T write(Work<T> work) {
        ensureOpen();
        ReentrantLock lock = database.writeLock();
        lock.lock();
        try {
            Changes changes = new Changes(namespace);
            T result = storage(() -> database.write(sql -> work.run(new ScopedSql(sql, namespace), changes)));
            afterCommit.accept(changes);
            return result;
        } finally {
            lock.unlock();
        }
    }

    <T> T read(Read<T> work) {
        ensureOpen();
        return storage(() -> database.read(sql -> work.run(new ScopedSql(sql, namespace))));
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
        if (closed.get()) {
            throw new RegistryException(ErrorType.SERVICE_UNAVAILABLE, "the registry is closed");
        }
    }

    /** Refuses further operations once a running write finished (it holds the lock); idempotent. */
    void close() {
        ReentrantLock lock = database.writeLock();
        lock.lock();
        try {
            closed.set(true);
        } finally {
            lock.unlock();
        }
    }
}
