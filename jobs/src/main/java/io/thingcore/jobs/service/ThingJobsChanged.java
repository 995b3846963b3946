package io.thingcore.jobs.service;

import io.thingcore.jobs.model.JobExecution;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How one thing's pending job executions changed in one committed transaction.
 *
 * @param pendingChanged an execution joined or left the thing's pending list ({@code notify} is due)
 * @param pending the pending executions now, IN_PROGRESS first
 * @param nextChanged the execution start-next would return is another one ({@code notify-next} is due)
 * @param next that execution now, or null when none is pending
 * @param nextDocument its job document, or null
 * @param at when the change was committed
 */
public record ThingJobsChanged(
        String thingName,
        boolean pendingChanged,
        List<JobExecution> pending,
        boolean nextChanged,
        @Nullable JobExecution next,
        @Nullable String nextDocument,
        Instant at) {
    public ThingJobsChanged {
        pending = List.copyOf(pending);
    }
}
