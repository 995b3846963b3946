package io.thingcore.registry.jdbc;

import io.thingcore.registry.Account;
import io.thingcore.registry.ErrorType;
import io.thingcore.registry.RegistryEvent;
import io.thingcore.registry.RegistryException;
import io.thingcore.storage.Database;
import io.thingcore.storage.StorageException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * How every registry operation of one namespace reaches the database: a write is one transaction (see
 * {@link Database}: no database-wide lock; each operation locks the rows of the aggregates it changes) whose
 * statements are scoped to the namespace ({@link ScopedSql}) and which appends its {@link Changes} to the change feed
 * as its last statements; once it is committed, {@code committed} gets the id of its last feed row (the applier
 * applies it; see {@link io.thingcore.registry.feed.FeedApplier}). Also the open/closed state, shared by every
 * namespace: a closed registry refuses every operation.
 */
final class Transactions {
    @FunctionalInterface
    interface Work<T extends @Nullable Object> {
        T run(ScopedSql sql, Changes changes) throws SQLException;
    }

    @FunctionalInterface
    interface Read<T extends @Nullable Object> {
        T run(ScopedSql sql) throws SQLException;
    }

    private final Database database;
    private final Clock clock;
    private final LongConsumer committed;
    private final AtomicBoolean closed;
    private final Account namespace;

    Transactions(Database database, Clock clock, LongConsumer committed, Account namespace) {
        this(database, clock, committed, new AtomicBoolean(), namespace);
    }

    private Transactions(
            Database database, Clock clock, LongConsumer committed, AtomicBoolean closed, Account namespace) {
        this.database = database;
        this.clock = clock;
        this.committed = committed;
        this.closed = closed;
        this.namespace = namespace;
    }

    Account namespace() {
        return namespace;
    }

    /** The same database, lock and open state, for another namespace. */
    Transactions in(Account other) {
        return new Transactions(database, clock, committed, closed, other);
    }

    <T extends @Nullable Object> T write(Work<T> work) {
        ensureOpen();
        long[] lastFeedId = new long[1];
        T result = storage(() -> database.write(sql -> {
            // A fresh record per attempt: only the work that committed reaches the feed.
            Changes changes = new Changes(namespace);
            T value = work.run(new ScopedSql(sql, namespace), changes);
            // Last, just before the commit: see ChangeFeed.append for why.
            long now = clock.millis();
            long last = 0;
            for (RegistryEvent event : changes.events) {
                last = FeedEvents.append(sql, namespace, event, now);
            }
            lastFeedId[0] = last;
            return value;
        }));
        if (lastFeedId[0] > 0) {
            committed.accept(lastFeedId[0]);
        }
        return result;
    }

    <T extends @Nullable Object> T read(Read<T> work) {
        ensureOpen();
        return storage(() -> database.read(sql -> work.run(new ScopedSql(sql, namespace))));
    }

    /** A database failure is AWS's InternalFailureException; the registry's own refusals pass through as they are. */
    private static <T extends @Nullable Object> T storage(Supplier<T> call) {
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

    /** Refuses further operations; idempotent. Writes already running finish (the storage waits for them). */
    void close() {
        closed.set(true);
    }
}
