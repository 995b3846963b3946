package io.thingcore.jobs.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link JobsScheduler}: one daemon thread, times read on the service's clock.
 *
 * <p>A timer is due when the clock says so, not when a delay measured at {@link #schedule} has elapsed: the timers
 * wait in one queue ordered by their time, and the thread wakes for the earliest one, but at least every
 * {@code recheck} while any is waiting, and runs every timer the clock has reached. So a clock that jumps (the wall
 * clock stepped by NTP, a test's clock moved by hand) fires a timer within {@code recheck} of its time on that clock,
 * never before it; a delay computed once would fire an execution's timeout at the wrong time after a step, or, after
 * a step back, run it too early, where {@link JobsService#timeOut} finds it not yet due and it would never run again.
 */
public final class ExecutorJobsScheduler implements JobsScheduler, AutoCloseable {
    /** The longest the thread sleeps while timers wait: a clock step is noticed within this. */
    public static final Duration DEFAULT_RECHECK = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorJobsScheduler.class);

    private record Timer(Instant at, long sequence, Runnable task) {}

    private final Clock clock;
    private final long recheckMillis;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "thingcore-jobs-timer");
        thread.setDaemon(true);
        return thread;
    });

    /** Guarded by {@code this}: the waiting timers, earliest first (then in the order they were scheduled). */
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>(Comparator.comparing(Timer::at).thenComparingLong(Timer::sequence));

    private long sequence;
    private @Nullable ScheduledFuture<?> wake;
    private @Nullable Instant wakeAt;

    public ExecutorJobsScheduler(Clock clock) {
        this(clock, DEFAULT_RECHECK);
    }

    /**
     * @param clock the service's clock, which decides when a timer is due
     * @param recheck the longest sleep while timers wait (positive)
     */
    public ExecutorJobsScheduler(Clock clock, Duration recheck) {
        if (recheck.isNegative() || recheck.isZero()) {
            throw new IllegalArgumentException("recheck must be positive: " + recheck);
        }
        this.clock = clock;
        this.recheckMillis = recheck.toMillis();
    }

    @Override
    public void schedule(Instant at, Runnable task) {
        synchronized (this) {
            timers.add(new Timer(at, sequence++, task));
            arm(at);
        }
    }

    /** Wakes the thread by {@code at} (on the clock), or sooner for the recheck; keeps an earlier wake-up. */
    private void arm(Instant at) {
        long delay = Math.min(
                recheckMillis, Math.max(0, Duration.between(clock.instant(), at).toMillis()));
        Instant by = clock.instant().plusMillis(delay);
        ScheduledFuture<?> pending = wake;
        if (pending != null && !pending.isDone() && wakeAt != null && !wakeAt.isAfter(by)) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        wakeAt = by;
        if (!executor.isShutdown()) {
            wake = executor.schedule(this::runDue, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** On the timer thread: runs every timer the clock has reached, then sleeps until the next one or the recheck. */
    private void runDue() {
        while (true) {
            Timer due;
            synchronized (this) {
                Timer head = timers.peek();
                if (head == null) {
                    wake = null;
                    wakeAt = null;
                    return;
                }
                if (head.at().isAfter(clock.instant())) {
                    wake = null;
                    wakeAt = null;
                    arm(head.at());
                    return;
                }
                due = timers.poll();
            }
            try {
                due.task().run();
            } catch (RuntimeException e) {
                LOG.warn("jobs timer task failed", e);
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
