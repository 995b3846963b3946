package io.thingcore.jobs.model;

/**
 * The status of a job (AWS IoT API Reference, {@code JobStatus}; developer guide, "Jobs and job execution states").
 * {@code SCHEDULED} belongs to a {@code schedulingConfig}, which thingcore does not offer: no job reaches it.
 */
public enum JobStatus {
    IN_PROGRESS,
    CANCELED,
    DELETION_IN_PROGRESS,
    COMPLETED,
    SCHEDULED;

    /** COMPLETED and CANCELED: what {@code DeleteJob} without {@code force} accepts. */
    public boolean isTerminal() {
        return this == COMPLETED || this == CANCELED;
    }
}
