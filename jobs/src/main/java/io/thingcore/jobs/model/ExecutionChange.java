package io.thingcore.jobs.model;

/** What moves a job execution from one status to another; {@link ExecutionTransitions} says which moves AWS allows. */
public enum ExecutionChange {
    /** {@code UpdateJobExecution} from the device, to the status it asks for. */
    DEVICE_UPDATE,
    /** {@code StartNextPendingJobExecution}: the next QUEUED execution becomes IN_PROGRESS. */
    START_NEXT,
    /** The in-progress or step timer ran out (developer guide, "Job timeouts"). */
    TIME_OUT,
    /** {@code CancelJob} or {@code CancelJobExecution} without {@code force}, or an abort. */
    CANCEL,
    /** {@code CancelJob} or {@code CancelJobExecution} with {@code force=true}. */
    FORCE_CANCEL,
    /** The thing is no longer a target of the job (it was deleted). */
    REMOVE
}
