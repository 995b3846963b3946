package io.thingcore.jobs.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The production {@link JobsScheduler}: one daemon thread, delays measured on the service's clock. */
public final class ExecutorJobsScheduler implements JobsScheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorJobsScheduler.class);

    private final Clock clock;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "thingcore-jobs-timer");
        thread.setDaemon(true);
        return thread;
    });

    public ExecutorJobsScheduler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void schedule(Instant at, Runnable task) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        executor.schedule(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.warn("jobs timer task failed", e);
                    }
                },
                delay,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
