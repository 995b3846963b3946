package io.thingcore.jobs.model;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A job as AWS IoT describes it (AWS IoT API Reference, {@code Job} shape), with its document (inline, or resolved
 * from {@code documentSource} when the job was created).
 *
 * @param targets thing ARNs
 * @param document the job document (JSON text)
 * @param documentSource where the document came from, or null when it was given inline
 * @param processDetails counts of its executions; null where a listing does not need them
 */
public record Job(
        String jobId,
        String jobArn,
        JobStatus status,
        TargetSelection targetSelection,
        List<String> targets,
        @Nullable String description,
        String document,
        @Nullable String documentSource,
        @Nullable PresignedUrlConfig presignedUrlConfig,
        @Nullable RolloutConfig rolloutConfig,
        @Nullable AbortConfig abortConfig,
        @Nullable TimeoutConfig timeoutConfig,
        @Nullable String jobTemplateArn,
        boolean forceCanceled,
        @Nullable String reasonCode,
        @Nullable String comment,
        Instant createdAt,
        Instant lastUpdatedAt,
        @Nullable Instant completedAt,
        @Nullable JobProcessDetails processDetails) {

    public Job {
        targets = List.copyOf(targets);
    }

    public Job withProcessDetails(JobProcessDetails details) {
        return new Job(
                jobId,
                jobArn,
                status,
                targetSelection,
                targets,
                description,
                document,
                documentSource,
                presignedUrlConfig,
                rolloutConfig,
                abortConfig,
                timeoutConfig,
                jobTemplateArn,
                forceCanceled,
                reasonCode,
                comment,
                createdAt,
                lastUpdatedAt,
                completedAt,
                details);
    }
}
