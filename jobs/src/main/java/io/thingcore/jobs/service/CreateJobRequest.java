package io.thingcore.jobs.service;

import io.thingcore.jobs.model.AbortConfig;
import io.thingcore.jobs.model.PresignedUrlConfig;
import io.thingcore.jobs.model.RolloutConfig;
import io.thingcore.jobs.model.TargetSelection;
import io.thingcore.jobs.model.TimeoutConfig;
import java.util.List;

/**
 * The members of AWS IoT {@code CreateJob} that thingcore implements (null: not given). {@code jobTemplateArn} fills
 * the members the request leaves out from the template.
 */
public record CreateJobRequest(
        String jobId,
        List<String> targets,
        String document,
        String documentSource,
        String description,
        PresignedUrlConfig presignedUrlConfig,
        TargetSelection targetSelection,
        RolloutConfig rolloutConfig,
        AbortConfig abortConfig,
        TimeoutConfig timeoutConfig,
        String jobTemplateArn) {

    /** A SNAPSHOT job with an inline document and nothing else. */
    public static CreateJobRequest of(String jobId, List<String> targets, String document) {
        return new CreateJobRequest(jobId, targets, document, null, null, null, null, null, null, null, null);
    }
}
