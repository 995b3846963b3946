package io.thingcore.jobs.service;

import io.thingcore.jobs.model.JobExecutionStatus;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A device's {@code UpdateJobExecution} (developer guide, "Jobs device MQTT API operations"; {@code iot-jobs-data}
 * model).
 *
 * @param statusDetails replaces the execution's when given; null leaves them
 * @param expectedVersion refuse with VersionMismatch unless the execution has this version; null: any
 * @param executionNumber the execution to update; null: the latest of the job on the thing
 * @param stepTimeoutInMinutes starts (or restarts) the step timer; null leaves a running one
 */
public record ExecutionUpdate(
        JobExecutionStatus status,
        @Nullable Map<String, String> statusDetails,
        @Nullable Long expectedVersion,
        @Nullable Long executionNumber,
        @Nullable Long stepTimeoutInMinutes) {}
