package io.thingcore.jobs.service;

import io.thingcore.jobs.model.AbortConfig;
import io.thingcore.jobs.model.PresignedUrlConfig;
import io.thingcore.jobs.model.RolloutConfig;
import io.thingcore.jobs.model.TargetSelection;
import io.thingcore.jobs.model.TimeoutConfig;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The members of AWS IoT {@code CreateJob} that thingcore implements (null: not given). {@code jobTemplateArn} fills
 * the members the request leaves out from the template.
 */
public record CreateJobRequest(
        String jobId,
        List<String> targets,
        @Nullable String document,
        @Nullable String documentSource,
        @Nullable String description,
        @Nullable PresignedUrlConfig presignedUrlConfig,
        @Nullable TargetSelection targetSelection,
        @Nullable RolloutConfig rolloutConfig,
        @Nullable AbortConfig abortConfig,
        @Nullable TimeoutConfig timeoutConfig,
        @Nullable String jobTemplateArn) {

    /** A SNAPSHOT job with an inline document and nothing else. */
    public static CreateJobRequest of(String jobId, List<String> targets, String document) {
        return new CreateJobRequest(jobId, targets, document, null, null, null, null, null, null, null, null);
    }
}
