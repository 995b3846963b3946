package io.thingcore.jobs.model;

/**
 * AWS IoT API Reference, {@code AbortCriteria}: cancel the job once at least {@code minNumberOfExecutedThings}
 * executions have finished and at least {@code thresholdPercentage} percent of those finished with
 * {@code failureType} (FAILED, REJECTED, TIMED_OUT, or ALL of them).
 */
public record AbortCriteria(
        FailureType failureType, String action, double thresholdPercentage, int minNumberOfExecutedThings) {

    /** AWS IoT API Reference, {@code JobExecutionFailureType}. */
    public enum FailureType {
        FAILED,
        REJECTED,
        TIMED_OUT,
        ALL
    }

    /** AWS IoT API Reference, {@code AbortAction}: CANCEL is the only action. */
    public static final String CANCEL = "CANCEL";
}
