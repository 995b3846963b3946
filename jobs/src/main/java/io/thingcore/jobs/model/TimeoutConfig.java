package io.thingcore.jobs.model;

import org.jspecify.annotations.Nullable;

/**
 * AWS IoT API Reference, {@code TimeoutConfig}: how long an execution may stay IN_PROGRESS before it becomes
 * TIMED_OUT, 1 to 10080 minutes; the timer starts when the execution enters IN_PROGRESS and cannot be changed
 * afterwards (developer guide, "Job timeouts").
 *
 * @param inProgressTimeoutInMinutes minutes, or null for none
 */
public record TimeoutConfig(@Nullable Long inProgressTimeoutInMinutes) {}
