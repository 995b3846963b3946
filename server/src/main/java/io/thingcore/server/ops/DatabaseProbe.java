package io.thingcore.server.ops;

import io.thingcore.storage.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Whether the database answers: takes a pooled connection and asks the driver to validate it ({@code isValid}, a
 * round trip on PostgreSQL), on a thread of its own, waiting at most {@link #TIMEOUT}. The pool's own connection
 * timeout is 10 s, and a database behind a dead network can hold a check that long; while one check is still running,
 * a new request waits for that same check instead of starting another, so a flood of probes during an outage holds one
 * thread, not one per probe.
 */
public final class DatabaseProbe implements AutoCloseable {
    /** The longest a health request waits for the database. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** The database's state as one check found it. */
    public record Result(
            boolean up, long latencyMillis, @Nullable String problem) {}

    private final Database database;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "thingcore-health-database");
        t.setDaemon(true);
        return t;
    });
    private @Nullable Future<Result> running;

    public DatabaseProbe(Database database) {
        this.database = database;
    }

    /** Checks now (or joins the check under way); blocks at most {@link #TIMEOUT}. Never call it on an event loop. */
    public Result check() {
        Future<Result> check;
        synchronized (this) {
            if (running == null || running.isDone()) {
                running = thread.submit(this::validate);
            }
            check = running;
        }
        try {
            return check.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Result(false, TIMEOUT.toMillis(), "no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            return new Result(false, 0, "check failed"); // validate() catches what a database can throw
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, 0, "interrupted");
        }
    }

    private Result validate() {
        long start = System.nanoTime();
        // The driver's message may name the host and user of the database URL; the body says only what failed.
        try (Connection connection = database.connection()) {
            boolean valid = connection.isValid((int) TIMEOUT.toSeconds());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return valid ? new Result(true, millis, null) : new Result(false, millis, "connection is not valid");
        } catch (SQLException | RuntimeException e) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new Result(
                    false, millis, "cannot reach the database (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
