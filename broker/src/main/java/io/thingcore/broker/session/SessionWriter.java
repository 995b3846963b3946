package io.thingcore.broker.session;

import io.thingcore.broker.spi.SessionChange;
import io.thingcore.broker.spi.SessionStore;
import io.thingcore.logtext.LogText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes session changes to the {@link SessionStore} on one dedicated thread, never on an event loop (docs/architecture.md,
 * "Threads"). Changes are applied in submission order, in batches: everything submitted while a batch is being
 * written goes into the next one (group commit), so one transaction carries many messages under load.
 *
 * <p>A barrier ({@link #afterDurable}) runs its callback on the writer thread once every change submitted before it
 * is durable: the session stage sends a QoS 1 PUBACK that way, so "nothing acknowledged is ever lost" holds for
 * messages queued for persistent sessions. A queued message acknowledged within the same batch is neither inserted
 * nor deleted.
 *
 * <p>Bounds: the pending list is not capped, but it only grows with QoS 1 messages for persistent sessions (whose
 * publishers wait for their PUBACK, so their in-flight windows throttle them) and with subscription changes (capped
 * by the subscription limits).
 */
public final class SessionWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionWriter.class);

    /**
     * @param batchAtAdd the number of the last batch taken when the barrier was added: changes submitted before the
     *     barrier are in that batch or in the barrier's own
     */
    private record Barrier(Runnable onDurable, Runnable onFailure, long batchAtAdd) {}

    private final SessionStore store;
    /** Null for {@link SessionStore#NONE}: nothing is written. */
    private final @Nullable ExecutorService executor;

    private final AtomicLong sequence = new AtomicLong();
    private final Object lock = new Object();
    private List<Object> pending = new ArrayList<>();
    private boolean draining;
    private boolean closed;
    /** Guarded by {@code lock}: the number of batches taken so far. */
    private long batches;
    /** The number of the last batch whose write failed, or -1. */
    private volatile long lastFailedBatch = -1;

    public SessionWriter(SessionStore store) {
        this.store = store;
        this.executor = store == SessionStore.NONE
                ? null
                : Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "thingcore-session-writer");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Whether sessions are stored at all (false with {@link SessionStore#NONE}). */
    public boolean enabled() {
        return executor != null;
    }

    /** A new stored-message number, unique across sessions and increasing (also across restarts, see below). */
    long nextSequence() {
        return sequence.incrementAndGet();
    }

    /** After a restart: message numbers continue above the highest stored one. */
    void sequenceAtLeast(long stored) {
        sequence.accumulateAndGet(stored, Math::max);
    }

    /** Queues {@code change} for the store; returns at once. */
    public void submit(SessionChange change) {
        if (enabled()) {
            add(change);
        }
    }

    /**
     * Runs {@code onDurable} (on the writer thread) once every change submitted before is durable, or
     * {@code onFailure} when writing them failed or the writer is closed. Without a store, runs {@code onDurable}
     * at once.
     */
    public void afterDurable(Runnable onDurable, Runnable onFailure) {
        if (!enabled()) {
            onDurable.run();
            return;
        }
        if (!add(new Barrier(onDurable, onFailure, -1))) {
            onFailure.run();
        }
    }

    /**
     * A stage that completes once every change submitted before is durable, and fails when writing them failed (see
     * {@link #afterDurable}); completes on the writer thread.
     */
    public CompletableFuture<Void> durable() {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        afterDurable(
                () -> durable.complete(null),
                () -> durable.completeExceptionally(new IllegalStateException("session store failed")));
        return durable;
    }

    private boolean add(Object entry) {
        ExecutorService executor = this.executor;
        if (executor == null) {
            return false;
        }
        synchronized (lock) {
            if (closed) {
                if (entry instanceof SessionChange change) {
                    LOG.warn("session writer closed: change for '{}' not stored", LogText.of(change.clientId()));
                }
                return false;
            }
            pending.add(entry instanceof Barrier b ? new Barrier(b.onDurable, b.onFailure, batches) : entry);
            if (!draining) {
                draining = true;
                try {
                    executor.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    draining = false;
                    return false;
                }
            }
            return true;
        }
    }

    private void drain() {
        while (true) {
            List<Object> batch;
            long number;
            synchronized (lock) {
                if (pending.isEmpty()) {
                    draining = false;
                    return;
                }
                batch = pending;
                pending = new ArrayList<>();
                number = ++batches;
            }
            List<SessionChange> changes = new ArrayList<>();
            List<Barrier> barriers = new ArrayList<>();
            for (Object entry : batch) {
                if (entry instanceof SessionChange change) {
                    changes.add(change);
                } else {
                    barriers.add((Barrier) entry);
                }
            }
            List<SessionChange> coalesced = coalesce(changes);
            if (!coalesced.isEmpty()) {
                try {
                    store.apply(coalesced);
                } catch (RuntimeException e) {
                    lastFailedBatch = number;
                    LOG.error("session store: writing {} changes failed", coalesced.size(), e);
                }
            }
            for (Barrier barrier : barriers) {
                // Fails when this batch or the one before it (which may hold changes submitted just before the
                // barrier) could not be written.
                boolean durable = lastFailedBatch < 0 || lastFailedBatch < barrier.batchAtAdd;
                try {
                    (durable ? barrier.onDurable : barrier.onFailure).run();
                } catch (RuntimeException e) {
                    LOG.warn("session writer callback failed", e);
                }
            }
        }
    }

    /** Drops a Queued/Removed pair of one batch: the message was acknowledged before it ever reached the store. */
    static List<SessionChange> coalesce(List<SessionChange> changes) {
        Set<String> queued = new HashSet<>();
        for (SessionChange c : changes) {
            if (c instanceof SessionChange.Queued q) {
                queued.add(q.clientId() + '\u0000' + q.message().sequence());
            }
        }
        if (queued.isEmpty()) {
            return changes;
        }
        Set<String> acknowledged = new HashSet<>();
        for (SessionChange c : changes) {
            if (c instanceof SessionChange.Removed r) {
                String key = r.clientId() + '\u0000' + r.sequence();
                if (queued.contains(key)) {
                    acknowledged.add(key);
                }
            }
        }
        if (acknowledged.isEmpty()) {
            return changes;
        }
        List<SessionChange> out = new ArrayList<>(changes.size());
        for (SessionChange c : changes) {
            String key = c instanceof SessionChange.Queued q
                    ? q.clientId() + '\u0000' + q.message().sequence()
                    : c instanceof SessionChange.Removed r ? r.clientId() + '\u0000' + r.sequence() : null;
            if (key == null || !acknowledged.contains(key)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Writes what is pending, then stops the writer thread; later changes are dropped (logged). */
    @Override
    public void close() {
        ExecutorService executor = this.executor;
        if (executor == null) {
            return;
        }
        synchronized (lock) {
            closed = true;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.error("session writer did not finish within 30 s; unwritten session changes are lost");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
