package io.thingcore.jobs.model;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One job's execution on one thing (AWS IoT API Reference, {@code JobExecution}; {@code iot-jobs-data}
 * {@code JobExecution}).
 *
 * @param executionNumber identifies this execution of the job on the thing (1 for the first)
 * @param versionNumber starts at 1 when queued and grows with every change of the execution
 * @param startedAt when it entered IN_PROGRESS, or null
 * @param inProgressDeadline when the job's {@code inProgressTimeoutInMinutes} turns it TIMED_OUT, or null
 * @param stepDeadline when the device's {@code stepTimeoutInMinutes} turns it TIMED_OUT, or null
 */
public record JobExecution(
        String jobId,
        String thingName,
        long executionNumber,
        JobExecutionStatus status,
        Map<String, String> statusDetails,
        boolean forceCanceled,
        Instant queuedAt,
        @Nullable Instant startedAt,
        Instant lastUpdatedAt,
        long versionNumber,
        @Nullable Instant inProgressDeadline,
        @Nullable Instant stepDeadline) {

    public JobExecution {
        statusDetails = Map.copyOf(statusDetails);
    }

    /** The earlier of the two timers, or null when none runs (always null once terminal). */
    public @Nullable Instant timeoutDeadline() {
        if (status != JobExecutionStatus.IN_PROGRESS) {
            return null;
        }
        if (inProgressDeadline == null) {
            return stepDeadline;
        }
        if (stepDeadline == null) {
            return inProgressDeadline;
        }
        return inProgressDeadline.isBefore(stepDeadline) ? inProgressDeadline : stepDeadline;
    }

    /**
     * AWS IoT API Reference, {@code JobExecution.approximateSecondsBeforeTimedOut}: seconds left on the earlier timer,
     * or null when no timer runs.
     */
    public @Nullable Long approximateSecondsBeforeTimedOut(Instant now) {
        Instant deadline = timeoutDeadline();
        if (deadline == null) {
            return null;
        }
        return Math.max(0, deadline.getEpochSecond() - now.getEpochSecond());
    }
}
