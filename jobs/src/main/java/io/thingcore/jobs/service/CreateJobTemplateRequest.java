package io.thingcore.jobs.service;

import io.thingcore.jobs.model.AbortConfig;
import io.thingcore.jobs.model.PresignedUrlConfig;
import io.thingcore.jobs.model.RolloutConfig;
import io.thingcore.jobs.model.TimeoutConfig;

/** The members of AWS IoT {@code CreateJobTemplate} that thingcore implements: exactly one of jobArn, document, documentSource. */
public record CreateJobTemplateRequest(
        String jobTemplateId,
        String jobArn,
        String document,
        String documentSource,
        String description,
        PresignedUrlConfig presignedUrlConfig,
        RolloutConfig rolloutConfig,
        AbortConfig abortConfig,
        TimeoutConfig timeoutConfig) {}
