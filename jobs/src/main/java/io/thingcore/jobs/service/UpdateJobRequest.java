package io.thingcore.jobs.service;

import io.thingcore.jobs.model.AbortConfig;
import io.thingcore.jobs.model.PresignedUrlConfig;
import io.thingcore.jobs.model.RolloutConfig;
import io.thingcore.jobs.model.TimeoutConfig;

/** AWS IoT {@code UpdateJob}: each member given replaces the job's; null leaves it. */
public record UpdateJobRequest(
        String jobId,
        String description,
        PresignedUrlConfig presignedUrlConfig,
        RolloutConfig rolloutConfig,
        AbortConfig abortConfig,
        TimeoutConfig timeoutConfig) {}
