package io.thingcore.jobs.model;

/**
 * The status of a job execution (AWS IoT API Reference, {@code JobExecutionStatus}; developer guide, "Jobs and job
 * execution states"): QUEUED and IN_PROGRESS are pending, every other status is terminal and final.
 */
public enum JobExecutionStatus {
    QUEUED,
    IN_PROGRESS,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    REJECTED,
    REMOVED,
    CANCELED;

    /** QUEUED or IN_PROGRESS: the execution is in the thing's list of pending job executions. */
    public boolean isPending() {
        return this == QUEUED || this == IN_PROGRESS;
    }

    public boolean isTerminal() {
        return !isPending();
    }

    /**
     * The statuses a device may set with {@code UpdateJobExecution} (AWS IoT Jobs data plane API,
     * {@code UpdateJobExecution}, {@code status}: "IN_PROGRESS, FAILED, SUCCEEDED, or REJECTED").
     */
    public boolean isSettableByDevice() {
        return this == IN_PROGRESS || this == SUCCEEDED || this == FAILED || this == REJECTED;
    }
}
