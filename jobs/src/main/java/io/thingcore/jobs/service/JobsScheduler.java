package io.thingcore.jobs.service;

import java.time.Instant;

/**
 * Runs the jobs timers (execution timeouts, rollout batches, the end of a deletion) at a time of the service's clock.
 * Injectable so that tests move time by hand instead of sleeping. A task may run late, never early; it re-reads the
 * store, so a stale or repeated task changes nothing.
 */
@FunctionalInterface
public interface JobsScheduler {
    /** Runs {@code task} at {@code at} or later, on a thread of the scheduler's own (never an event loop). */
    void schedule(Instant at, Runnable task);
}
