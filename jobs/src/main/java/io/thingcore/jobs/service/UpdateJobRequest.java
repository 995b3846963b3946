package io.thingcore.jobs.service;

import io.thingcore.jobs.model.AbortConfig;
import io.thingcore.jobs.model.PresignedUrlConfig;
import io.thingcore.jobs.model.RolloutConfig;
import io.thingcore.jobs.model.TimeoutConfig;
import org.jspecify.annotations.Nullable;

/** AWS IoT {@code UpdateJob}: each member given replaces the job's; null leaves it. */
public record UpdateJobRequest(
        String jobId,
        @Nullable String description,
        @Nullable PresignedUrlConfig presignedUrlConfig,
        @Nullable RolloutConfig rolloutConfig,
        @Nullable AbortConfig abortConfig,
        @Nullable TimeoutConfig timeoutConfig) {}
