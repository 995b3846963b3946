package io.thingcore.api.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.api.http.ApiException;
import io.thingcore.api.http.Json;
import io.thingcore.api.http.JsonBody;
import io.thingcore.jobs.model.AbortConfig;
import io.thingcore.jobs.model.AbortCriteria;
import io.thingcore.jobs.model.Job;
import io.thingcore.jobs.model.JobExecution;
import io.thingcore.jobs.model.JobProcessDetails;
import io.thingcore.jobs.model.JobsErrorType;
import io.thingcore.jobs.model.JobsException;
import io.thingcore.jobs.model.PresignedUrlConfig;
import io.thingcore.jobs.model.RolloutConfig;
import io.thingcore.jobs.model.TimeoutConfig;
import io.thingcore.jobs.service.Page;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The request and response structures of the AWS IoT Jobs control plane on the wire (AWS IoT API Reference and the
 * {@code iot} service model: {@code Job}, {@code JobExecution}, {@code AbortConfig},
 * {@code JobExecutionsRolloutConfig}, {@code TimeoutConfig}, {@code PresignedUrlConfig}), and the error mapping of
 * both planes. The documents devices read ({@code iot-jobs-data}) are the jobs module's
 * {@link io.thingcore.jobs.documents.ExecutionDocuments}, shared with the MQTT device API.
 */
final class JobShapes {
    private JobShapes() {}

    /**
     * Refuses the members thingcore does not offer with InvalidRequestException, naming them, instead of ignoring
     * them: a caller who schedules a job or asks for retries must learn that it will not happen.
     */
    static void refuseUnoffered(JsonBody body, Set<String> unoffered) {
        for (String member : body.memberNames()) {
            if (unoffered.contains(member)) {
                throw ApiException.invalidRequest(
                        "Member '" + member + "' is not offered by this gateway (see docs/aws-compatibility.md)");
            }
        }
    }

    static void refuseUnofferedQuery(@Nullable String value, String member) {
        if (value != null) {
            throw ApiException.invalidRequest(
                    "Parameter '" + member + "' is not offered by this gateway (see docs/aws-compatibility.md)");
        }
    }

    /** A refusal of the jobs service on the control plane: its exception name and HTTP status. */
    static ApiException controlPlaneError(JobsException e) {
        return new ApiException(e.type().exceptionName(), e.type().httpStatus(), e.getMessage());
    }

    /**
     * A refusal on the {@code iot-jobs-data} plane, whose model has no VersionConflictException: a version mismatch
     * is its InvalidStateTransitionException (409), as the UpdateJobExecution page describes a refused update.
     */
    static ApiException dataPlaneError(JobsException e) {
        if (e.type() == JobsErrorType.VERSION_MISMATCH) {
            return new ApiException("InvalidStateTransitionException", 409, e.getMessage());
        }
        return controlPlaneError(e);
    }

    // ---- input structures

    static @Nullable TimeoutConfig timeoutConfig(@Nullable JsonBody body) {
        return body == null ? null : new TimeoutConfig(body.longValue("inProgressTimeoutInMinutes"));
    }

    static @Nullable RolloutConfig rolloutConfig(@Nullable JsonBody body) {
        if (body == null) {
            return null;
        }
        refuseUnoffered(body, Set.of("exponentialRate"));
        Long perMinute = body.longValue("maximumPerMinute");
        if (perMinute != null && (perMinute < 1 || perMinute > Integer.MAX_VALUE)) {
            throw ApiException.invalidRequest("Member 'jobExecutionsRolloutConfig.maximumPerMinute' must be 1 to 1000");
        }
        return new RolloutConfig(perMinute == null ? null : perMinute.intValue());
    }

    static @Nullable AbortConfig abortConfig(@Nullable JsonBody body) {
        if (body == null) {
            return null;
        }
        List<AbortCriteria> criteria = body.objects("criteriaList", JobShapes::abortCriteria);
        if (criteria == null) {
            throw body.missing("criteriaList");
        }
        return new AbortConfig(criteria);
    }

    private static AbortCriteria abortCriteria(JsonBody body) {
        AbortCriteria.FailureType failureType = body.enumValue("failureType", AbortCriteria.FailureType.class);
        String action = body.string("action");
        Double threshold = body.number("thresholdPercentage");
        Long minimum = body.longValue("minNumberOfExecutedThings");
        if (failureType == null) {
            throw body.missing("failureType");
        }
        if (action == null) {
            throw body.missing("action");
        }
        if (threshold == null) {
            throw body.missing("thresholdPercentage");
        }
        if (minimum == null) {
            throw body.missing("minNumberOfExecutedThings");
        }
        if (minimum < 1 || minimum > Integer.MAX_VALUE) {
            throw ApiException.invalidRequest("Member 'minNumberOfExecutedThings' must be at least 1");
        }
        return new AbortCriteria(failureType, action, threshold, minimum.intValue());
    }

    static @Nullable PresignedUrlConfig presignedUrlConfig(@Nullable JsonBody body) {
        return body == null ? null : new PresignedUrlConfig(body.string("roleArn"), body.longValue("expiresInSec"));
    }

    // ---- output structures (control plane: timestamps as restJson1 epoch seconds with a fraction)

    static @Nullable ObjectNode timeoutConfig(@Nullable TimeoutConfig config) {
        if (config == null) {
            return null;
        }
        ObjectNode n = Json.object();
        if (config.inProgressTimeoutInMinutes() != null) {
            n.put("inProgressTimeoutInMinutes", config.inProgressTimeoutInMinutes());
        }
        return n;
    }

    static @Nullable ObjectNode rolloutConfig(@Nullable RolloutConfig config) {
        if (config == null) {
            return null;
        }
        ObjectNode n = Json.object();
        if (config.maximumPerMinute() != null) {
            n.put("maximumPerMinute", config.maximumPerMinute());
        }
        return n;
    }

    static @Nullable ObjectNode abortConfig(@Nullable AbortConfig config) {
        if (config == null) {
            return null;
        }
        ArrayNode list = Json.array();
        for (AbortCriteria c : config.criteriaList()) {
            ObjectNode n = list.addObject();
            n.put("failureType", c.failureType().name());
            n.put("action", c.action());
            n.put("thresholdPercentage", c.thresholdPercentage());
            n.put("minNumberOfExecutedThings", c.minNumberOfExecutedThings());
        }
        ObjectNode n = Json.object();
        n.set("criteriaList", list);
        return n;
    }

    static @Nullable ObjectNode presignedUrlConfig(@Nullable PresignedUrlConfig config) {
        if (config == null) {
            return null;
        }
        ObjectNode n = Json.object();
        Json.put(n, "roleArn", config.roleArn());
        if (config.expiresInSec() != null) {
            n.put("expiresInSec", config.expiresInSec());
        }
        return n;
    }

    /** {@code Job}, as DescribeJob returns it. */
    static ObjectNode job(Job job) {
        ObjectNode n = Json.object();
        n.put("jobArn", job.jobArn());
        n.put("jobId", job.jobId());
        n.put("targetSelection", job.targetSelection().name());
        n.put("status", job.status().name());
        n.put("forceCanceled", job.forceCanceled());
        Json.put(n, "reasonCode", job.reasonCode());
        Json.put(n, "comment", job.comment());
        n.set("targets", Json.strings(job.targets()));
        Json.put(n, "description", job.description());
        Json.put(n, "presignedUrlConfig", presignedUrlConfig(job.presignedUrlConfig()));
        Json.put(n, "jobExecutionsRolloutConfig", rolloutConfig(job.rolloutConfig()));
        Json.put(n, "abortConfig", abortConfig(job.abortConfig()));
        Json.put(n, "createdAt", job.createdAt());
        Json.put(n, "lastUpdatedAt", job.lastUpdatedAt());
        Json.put(n, "completedAt", job.completedAt());
        JobProcessDetails details = job.processDetails();
        if (details != null) {
            ObjectNode d = n.putObject("jobProcessDetails");
            if (details.processingTargets() != null) {
                d.set("processingTargets", Json.strings(details.processingTargets()));
            }
            d.put("numberOfCanceledThings", details.numberOfCanceledThings());
            d.put("numberOfSucceededThings", details.numberOfSucceededThings());
            d.put("numberOfFailedThings", details.numberOfFailedThings());
            d.put("numberOfRejectedThings", details.numberOfRejectedThings());
            d.put("numberOfQueuedThings", details.numberOfQueuedThings());
            d.put("numberOfInProgressThings", details.numberOfInProgressThings());
            d.put("numberOfRemovedThings", details.numberOfRemovedThings());
            d.put("numberOfTimedOutThings", details.numberOfTimedOutThings());
        }
        Json.put(n, "timeoutConfig", timeoutConfig(job.timeoutConfig()));
        Json.put(n, "jobTemplateArn", job.jobTemplateArn());
        n.put("isConcurrent", false);
        return n;
    }

    /** {@code JobSummary}, as ListJobs returns it. */
    static ObjectNode jobSummary(Job job) {
        ObjectNode n = Json.object();
        n.put("jobArn", job.jobArn());
        n.put("jobId", job.jobId());
        n.put("targetSelection", job.targetSelection().name());
        n.put("status", job.status().name());
        Json.put(n, "createdAt", job.createdAt());
        Json.put(n, "lastUpdatedAt", job.lastUpdatedAt());
        Json.put(n, "completedAt", job.completedAt());
        n.put("isConcurrent", false);
        return n;
    }

    /** The control plane's {@code JobExecution} (DescribeJobExecution). */
    static ObjectNode execution(JobExecution e, String thingArn, Instant now) {
        ObjectNode n = Json.object();
        n.put("jobId", e.jobId());
        n.put("status", e.status().name());
        n.put("forceCanceled", e.forceCanceled());
        n.putObject("statusDetails").set("detailsMap", Json.stringMap(e.statusDetails()));
        n.put("thingArn", thingArn);
        Json.put(n, "queuedAt", e.queuedAt());
        Json.put(n, "startedAt", e.startedAt());
        Json.put(n, "lastUpdatedAt", e.lastUpdatedAt());
        n.put("executionNumber", e.executionNumber());
        n.put("versionNumber", e.versionNumber());
        Long remaining = e.approximateSecondsBeforeTimedOut(now);
        if (remaining != null) {
            n.put("approximateSecondsBeforeTimedOut", remaining);
        }
        return n;
    }

    /** The control plane's {@code JobExecutionSummary}. */
    static ObjectNode executionSummary(JobExecution e) {
        ObjectNode n = Json.object();
        n.put("status", e.status().name());
        Json.put(n, "queuedAt", e.queuedAt());
        Json.put(n, "startedAt", e.startedAt());
        Json.put(n, "lastUpdatedAt", e.lastUpdatedAt());
        n.put("executionNumber", e.executionNumber());
        return n;
    }

    /** {@code {<listName>: [...], nextToken}}; the token only when a further page exists. */
    static <T> ObjectNode page(Page<T> page, String listName, Function<T, ObjectNode> item) {
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray(listName);
        page.items().forEach(t -> list.add(item.apply(t)));
        Json.put(out, "nextToken", page.nextToken());
        return out;
    }
}
