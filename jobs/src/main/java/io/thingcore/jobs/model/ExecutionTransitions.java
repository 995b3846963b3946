package io.thingcore.jobs.model;

/**
 * The job execution state machine of AWS IoT Jobs (developer guide, "Jobs and job execution states"; AWS IoT API
 * Reference, {@code CancelJob}, {@code CancelJobExecution}; {@code iot-jobs-data} {@code UpdateJobExecution}):
 *
 * <ul>
 *   <li>a device moves a pending execution (QUEUED or IN_PROGRESS) to IN_PROGRESS, SUCCEEDED, FAILED or REJECTED;
 *       IN_PROGRESS to IN_PROGRESS is an update of its status details (and restarts the step timer);
 *   <li>start-next moves QUEUED to IN_PROGRESS;
 *   <li>a timer moves IN_PROGRESS to TIMED_OUT;
 *   <li>a cancel moves QUEUED to CANCELED, and IN_PROGRESS too only with {@code force} ("Use caution when using the
 *       force parameter": the device may be in the middle of it);
 *   <li>removing the thing from the job's targets moves a pending execution to REMOVED;
 *   <li>SUCCEEDED, FAILED, TIMED_OUT, REJECTED, REMOVED and CANCELED are terminal: nothing leaves them.
 * </ul>
 */
public final class ExecutionTransitions {
    private ExecutionTransitions() {}

    /** Whether {@code change} may move an execution from {@code from} to {@code to}. */
    public static boolean isAllowed(JobExecutionStatus from, JobExecutionStatus to, ExecutionChange change) {
        return switch (change) {
            case DEVICE_UPDATE -> from.isPending() && to.isSettableByDevice();
            case START_NEXT -> from == JobExecutionStatus.QUEUED && to == JobExecutionStatus.IN_PROGRESS;
            case TIME_OUT -> from == JobExecutionStatus.IN_PROGRESS && to == JobExecutionStatus.TIMED_OUT;
            case CANCEL -> from == JobExecutionStatus.QUEUED && to == JobExecutionStatus.CANCELED;
            case FORCE_CANCEL -> from.isPending() && to == JobExecutionStatus.CANCELED;
            case REMOVE -> from.isPending() && to == JobExecutionStatus.REMOVED;
        };
    }

    /**
     * Refuses a move that is not allowed, with AWS's error: a status a device may never set is an invalid request
     * ("IN_PROGRESS, FAILED, SUCCEEDED, or REJECTED"); any other refused move is an invalid state transition, which
     * carries the execution's current state.
     *
     * @throws JobsException when the move is not allowed
     */
    public static void check(JobExecution execution, JobExecutionStatus to, ExecutionChange change) {
        JobExecutionStatus from = execution.status();
        if (isAllowed(from, to, change)) {
            return;
        }
        if (change == ExecutionChange.DEVICE_UPDATE && !to.isSettableByDevice()) {
            throw new JobsException(
                    JobsErrorType.INVALID_REQUEST,
                    "a device may set the status IN_PROGRESS, SUCCEEDED, FAILED or REJECTED, not " + to);
        }
        throw new JobsException(
                JobsErrorType.INVALID_STATE_TRANSITION,
                "the job execution of " + execution.jobId() + " on " + execution.thingName() + " is " + from
                        + " and cannot become " + to,
                execution);
    }
}
