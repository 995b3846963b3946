package io.thingcore.jobs.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A job template (AWS IoT API Reference, {@code DescribeJobTemplate} response). */
public record JobTemplate(
        String jobTemplateId,
        String jobTemplateArn,
        @Nullable String description,
        String document,
        @Nullable String documentSource,
        @Nullable PresignedUrlConfig presignedUrlConfig,
        @Nullable RolloutConfig rolloutConfig,
        @Nullable AbortConfig abortConfig,
        @Nullable TimeoutConfig timeoutConfig,
        Instant createdAt) {}
