package io.thingcore.jobs.model;

import org.jspecify.annotations.Nullable;

/**
 * A refused jobs operation, with AWS's error type; nothing was changed. For VersionMismatch and
 * InvalidStateTransition it carries the execution as it is, which the device-side {@code ErrorResponse} includes as
 * {@code executionState} (developer guide, "Jobs device MQTT API operations").
 */
public final class JobsException extends RuntimeException {
    private final JobsErrorType type;
    private final transient @Nullable JobExecution current;

    public JobsException(JobsErrorType type, String message) {
        this(type, message, null);
    }

    private final String message;

    public JobsException(JobsErrorType type, String message, @Nullable JobExecution current) {
        super(message, null, false, false);
        this.type = type;
        this.message = message;
        this.current = current;
    }

    /** Why the operation was refused; every refusal says. */
    @Override
    public String getMessage() {
        return message;
    }

    public JobsErrorType type() {
        return type;
    }

    /** The execution's current state, or null. */
    public @Nullable JobExecution current() {
        return current;
    }
}
