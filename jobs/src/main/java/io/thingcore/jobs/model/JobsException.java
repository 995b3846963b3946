package io.thingcore.jobs.model;

/**
 * A refused jobs operation, with AWS's error type; nothing was changed. For VersionMismatch and
 * InvalidStateTransition it carries the execution as it is, which the device-side {@code ErrorResponse} includes as
 * {@code executionState} (developer guide, "Jobs device MQTT API operations").
 */
public final class JobsException extends RuntimeException {
    private final JobsErrorType type;
    private final transient JobExecution current;

    public JobsException(JobsErrorType type, String message) {
        this(type, message, null);
    }

    public JobsException(JobsErrorType type, String message, JobExecution current) {
        super(message, null, false, false);
        this.type = type;
        this.current = current;
    }

    public JobsErrorType type() {
        return type;
    }

    /** The execution's current state, or null. */
    public JobExecution current() {
        return current;
    }
}
