package io.thingcore.jobs.testing;

import io.thingcore.jobs.service.JobsScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A clock that moves only when told and a scheduler that runs what became due then: no test sleeps. */
public final class ManualScheduler extends Clock implements JobsScheduler {
    private record Task(Instant at, long seq, Runnable run) {}

    private final List<Task> tasks = new ArrayList<>();
    private Instant now;
    private long seq;

    public ManualScheduler(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized void schedule(Instant at, Runnable task) {
        tasks.add(new Task(at, seq++, task));
    }

    /** Moves the clock by {@code d}, running every task due on the way in time order (tasks may add tasks). */
    public void advance(Duration d) {
        Instant target;
        synchronized (this) {
            target = now.plus(d);
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream()
                        .filter(t -> !t.at().isAfter(target))
                        .min(Comparator.comparing(Task::at).thenComparing(Task::seq))
                        .orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                tasks.remove(next);
                if (next.at().isAfter(now)) {
                    now = next.at();
                }
            }
            next.run().run();
        }
    }

    /** Runs what is due now. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    public synchronized int pending() {
        return tasks.size();
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
