package io.thingcore.jobs.service;

import io.thingcore.jobs.model.AbortConfig;
import io.thingcore.jobs.model.PresignedUrlConfig;
import io.thingcore.jobs.model.RolloutConfig;
import io.thingcore.jobs.model.TimeoutConfig;
import org.jspecify.annotations.Nullable;

/** The members of AWS IoT {@code CreateJobTemplate} that thingcore implements: exactly one of jobArn, document, documentSource. */
public record CreateJobTemplateRequest(
        String jobTemplateId,
        @Nullable String jobArn,
        @Nullable String document,
        @Nullable String documentSource,
        @Nullable String description,
        @Nullable PresignedUrlConfig presignedUrlConfig,
        @Nullable RolloutConfig rolloutConfig,
        @Nullable AbortConfig abortConfig,
        @Nullable TimeoutConfig timeoutConfig) {}
