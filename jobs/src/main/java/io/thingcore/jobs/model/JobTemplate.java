package io.thingcore.jobs.model;

import java.time.Instant;

/** A job template (AWS IoT API Reference, {@code DescribeJobTemplate} response). */
public record JobTemplate(
        String jobTemplateId,
        String jobTemplateArn,
        String description,
        String document,
        String documentSource,
        PresignedUrlConfig presignedUrlConfig,
        RolloutConfig rolloutConfig,
        AbortConfig abortConfig,
        TimeoutConfig timeoutConfig,
        Instant createdAt) {}
