package io.thingcore.registry.feed;

import io.thingcore.storage.Database;
import io.thingcore.storage.Sql;
import io.thingcore.storage.signal.DatabaseSignal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's one applier of the change feed: on its own thread, {@code thingcore-change-feed}, it reads the rows it has
 * not applied yet in id order ({@link Gaps}) and hands them to its target (the registry's read model and listeners),
 * outside any writer's transaction and any lock. Local and remote changes take this one path.
 *
 * <p>Woken at once after a local commit ({@link #committed}), by a {@link DatabaseSignal} when another node committed,
 * and every {@link #POLL} in any case (a signal can be lost). After applying local commits it signals the other nodes,
 * once per pass, so many commits cost one notification. It also enforces the retention: rows older than
 * {@link #RETENTION} are deleted, at most once a minute.
 */
public final class FeedApplier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeedApplier.class);

    /** The backstop: how stale a node can be when every signal is lost. */
    static final Duration POLL = Duration.ofSeconds(1);

    /**
     * How long rows are kept. A node reads the feed only while it runs (a restarting node loads its read model from
     * the tables and tails from there), so an hour covers any node that is alive, however slow.
     */
    public static final Duration RETENTION = Duration.ofHours(1);

    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private final Database database;
    private final Clock clock;
    private final Consumer<List<FeedEntry>> target;
    private final Gaps gaps;
    private final DatabaseSignal signal;
    private final Thread thread;
    private final Object monitor = new Object();
    private Gaps.Applied applied;
    private boolean wake;
    private boolean localCommits;
    private boolean closed;
    private long lastPrune;

    private FeedApplier(Database database, Clock clock, Gaps start, Consumer<List<FeedEntry>> target) {
        this.database = database;
        this.clock = clock;
        this.target = target;
        this.gaps = start;
        this.applied = start.snapshot();
        this.signal = DatabaseSignal.open(database, "change_feed", this::wake);
        this.thread = new Thread(this::run, "thingcore-change-feed");
        thread.setDaemon(true);
    }

    /**
     * Reads where to start in the caller's read transaction, the one that loaded the read model: call it inside
     * that transaction with its {@code Sql}.
     */
    public static Start start(Sql sql, Clock clock) throws SQLException {
        return new Start(ChangeFeed.position(sql, clock.millis()));
    }

    /** Where a node starts tailing; from {@link #start}. */
    public static final class Start {
        private final Gaps gaps;

        private Start(Gaps gaps) {
            this.gaps = gaps;
        }

        /** Starts the applier's thread from this position. */
        public FeedApplier run(Database database, Clock clock, Consumer<List<FeedEntry>> target) {
            FeedApplier applier = new FeedApplier(database, clock, gaps, target);
            applier.thread.start();
            return applier;
        }
    }

    /** A local transaction that wrote feed rows up to {@code id} committed: apply it now and signal other nodes. */
    public void committed(long id) {
        synchronized (monitor) {
            localCommits = true;
            wake = true;
            monitor.notifyAll();
        }
    }

    /**
     * Waits until the row {@code id} has been applied, so that a writer returns after its change reached the read
     * model and the listeners, as it did when it applied them itself. Returns false when {@code timeout} passed first
     * (the change is committed and will still be applied) or the applier is closed.
     */
    public boolean awaitApplied(long id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            while (!applied.includes(id)) {
                long left = deadline - System.nanoTime();
                if (closed || left <= 0) {
                    return false;
                }
                try {
                    monitor.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void wake() {
        synchronized (monitor) {
            wake = true;
            monitor.notifyAll();
        }
    }

    private void run() {
        while (true) {
            boolean signalOthers;
            synchronized (monitor) {
                if (!wake && !closed) {
                    try {
                        monitor.wait(POLL.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                wake = false;
                signalOthers = localCommits;
                localCommits = false;
            }
            try {
                boolean more = pass();
                if (signalOthers) {
                    signal.send();
                }
                prune();
                if (more) {
                    wake();
                }
            } catch (RuntimeException e) {
                // The database is unreachable or a target failed: try again on the next wake-up or poll.
                LOG.error("applying the change feed failed; retrying", e);
            }
        }
    }

    /** Reads and applies one batch; returns whether a full batch was read (more may be waiting). */
    private boolean pass() {
        List<FeedEntry> read =
                database.read(sql -> ChangeFeed.unapplied(sql, gaps.highWaterMark(), List.copyOf(gaps.open())));
        long now = clock.millis();
        List<FeedEntry> fresh = new ArrayList<>(read.size());
        for (FeedEntry entry : read) {
            if (gaps.accept(entry.id(), now)) {
                fresh.add(entry);
            }
        }
        if (!fresh.isEmpty()) {
            try {
                target.accept(fresh);
            } catch (RuntimeException e) {
                // The rows are committed; a stale read-model entry is fixed by the next change or a restart.
                LOG.error("applying {} change feed rows failed", fresh.size(), e);
            }
        }
        List<Long> expired = gaps.expire(now);
        if (!expired.isEmpty()) {
            LOG.debug("change feed ids {} never committed (rolled back)", expired);
        }
        synchronized (monitor) {
            applied = gaps.snapshot();
            monitor.notifyAll();
        }
        return read.size() == ChangeFeed.BATCH;
    }

    private void prune() {
        long now = clock.millis();
        if (now - lastPrune < PRUNE_EVERY.toMillis()) {
            return;
        }
        lastPrune = now;
        int deleted = database.write(sql -> ChangeFeed.prune(sql, now - RETENTION.toMillis()));
        if (deleted > 0) {
            LOG.debug("change feed retention deleted {} rows", deleted);
        }
    }

    /** Stops the thread (a pass under way finishes) and the signal's listener. */
    @Override
    public void close() {
        synchronized (monitor) {
            closed = true;
            monitor.notifyAll();
        }
        signal.close();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
