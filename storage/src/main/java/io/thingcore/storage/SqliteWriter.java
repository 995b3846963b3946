package io.thingcore.storage;

import io.thingcore.logtext.LogText;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite's one writer, with group commit: SQLite runs one write transaction at a time per database (SQLite
 * documentation, "File Locking And Concurrency In SQLite Version 3"), so instead of letting writers queue on the file
 * lock, one thread takes the queued write operations in batches, runs each in its own savepoint (a failing operation
 * rolls back only itself), and ends the batch with one COMMIT, the one fsync of {@code synchronous=FULL} in WAL mode.
 * A caller gets its result, or its operation's exception, only after that COMMIT returned: nothing is answered before
 * it is durable.
 *
 * <p>Thread: {@code thingcore-sqlite-writer}, the only thread that writes through this connection. A write operation
 * must not submit another write (it would wait for its own batch).
 */
final class SqliteWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteWriter.class);

    /** Enough to amortise one fsync over a burst, small enough that the first caller of a batch does not wait long. */
    static final int MAX_BATCH = 64;

    private record Task<T extends @Nullable Object>(Database.Work<T> work, CompletableFuture<T> result) {
        void run(Sql sql, List<Runnable> completions) {
            try {
                T value = work.run(sql);
                completions.add(() -> result.complete(value));
            } catch (SQLException e) {
                StorageException failure = new StorageException(Database.rootMessage(e), e);
                completions.add(() -> result.completeExceptionally(failure));
                throw new Failed(e);
            } catch (RuntimeException | Error e) {
                completions.add(() -> result.completeExceptionally(e));
                throw new Failed(e);
            }
        }
    }

    /** An operation of the batch failed: roll back to its savepoint. */
    private static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(Throwable cause) {
            super(cause);
        }
    }

    private static final Task<@Nullable Void> STOP = new Task<>(sql -> null, new CompletableFuture<>());

    private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final Connection connection;
    private final Thread thread;
    private volatile boolean closed;

    SqliteWriter(Connection connection) {
        this.connection = connection;
        this.thread = new Thread(this::run, "thingcore-sqlite-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code work} and waits until the batch holding it is committed (or it failed). */
    <T extends @Nullable Object> T write(Database.Work<T> work) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("a write operation submitted another write");
        }
        if (closed) {
            throw new StorageException("the database is closed", null);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        queue.add(new Task<>(work, result));
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new StorageException(String.valueOf(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for a write (it may still commit)", e);
        }
    }

    private void run() {
        List<Task<?>> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                batch.clear();
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean stop = batch.remove(STOP);
                if (!batch.isEmpty()) {
                    commit(batch);
                }
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void commit(List<Task<?>> batch) {
        Sql sql = new Sql(connection, DatabaseUrl.Dialect.SQLITE);
        List<Runnable> completions = new ArrayList<>(batch.size());
        try {
            for (Task<?> task : batch) {
                Savepoint savepoint = connection.setSavepoint();
                try {
                    task.run(sql, completions);
                    connection.releaseSavepoint(savepoint);
                } catch (Failed e) {
                    connection.rollback(savepoint);
                    connection.releaseSavepoint(savepoint);
                }
            }
            connection.commit();
            completions.forEach(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            LOG.error("SQLite write batch of {} operations failed", batch.size(), e);
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            StorageException failure = new StorageException(Database.rootMessage(e), e);
            for (Task<?> task : batch) {
                task.result().completeExceptionally(failure);
            }
        }
    }

    /** Commits what is queued, stops the thread and returns its connection; later writes are refused. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the SQLite writer's connection: {}", LogText.line(e.getMessage()));
        }
    }
}
