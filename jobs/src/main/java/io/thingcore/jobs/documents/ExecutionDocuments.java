package io.thingcore.jobs.documents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.jobs.model.JobExecution;
import io.thingcore.jobs.model.JobExecutionStatus;
import io.thingcore.jobs.model.JobsErrorType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The job execution documents devices read, over MQTT (developer guide, "Jobs device MQTT API operations" and "Jobs
 * notifications"; field names as the AWS IoT Device SDK v2 {@code iotjobs.model} classes and the OTA library's
 * {@code ota.c} job parser read them) and over HTTP ({@code iot-jobs-data} service model: {@code JobExecution},
 * {@code JobExecutionSummary}, {@code JobExecutionState}). Every timestamp is in epoch seconds: the model's
 * timestamps are longs, the SDK's {@code Timestamp} deserializer multiplies by 1000 and the OTA library parses
 * {@code timestamp} as a 32-bit integer. The one difference between the two protocols is the job document: see
 * {@link DocumentForm}.
 */
public final class ExecutionDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a {@code JobExecution} carries its job document. */
    public enum DocumentForm {
        /**
         * Embedded as JSON, as the MQTT API sends it: devices read {@code execution.jobDocument.afr_ota} (OTA
         * library, {@code ota.c}) and the Device SDK's {@code JobExecutionData.jobDocument} is a map.
         */
        EMBEDDED,
        /** As a string: {@code iot-jobs-data} model, {@code JobExecution.jobDocument} is a {@code JobDocument} string. */
        STRING
    }

    private ExecutionDocuments() {}

    /** {@code JobExecution}: the execution, with its job document when {@code document} is not null. */
    public static ObjectNode execution(JobExecution e, @Nullable String document, Instant now, DocumentForm form) {
        ObjectNode n = JSON.createObjectNode();
        n.put("jobId", e.jobId());
        n.put("thingName", e.thingName());
        if (document != null) {
            if (form == DocumentForm.EMBEDDED) {
                n.set("jobDocument", embedded(document));
            } else {
                n.put("jobDocument", document);
            }
        }
        n.put("status", e.status().name());
        n.set("statusDetails", details(e.statusDetails()));
        n.put("queuedAt", e.queuedAt().getEpochSecond());
        Instant startedAt = e.startedAt();
        if (startedAt != null) {
            n.put("startedAt", startedAt.getEpochSecond());
        }
        n.put("lastUpdatedAt", e.lastUpdatedAt().getEpochSecond());
        Long remaining = e.approximateSecondsBeforeTimedOut(now);
        if (remaining != null) {
            n.put("approximateSecondsBeforeTimedOut", remaining);
        }
        n.put("versionNumber", e.versionNumber());
        n.put("executionNumber", e.executionNumber());
        return n;
    }

    /** {@code JobExecutionSummary}, as in the lists of {@code get/accepted}, {@code notify} and GetPendingJobExecutions. */
    public static ObjectNode summary(JobExecution e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("jobId", e.jobId());
        n.put("queuedAt", e.queuedAt().getEpochSecond());
        Instant startedAt = e.startedAt();
        if (startedAt != null) {
            n.put("startedAt", startedAt.getEpochSecond());
        }
        n.put("lastUpdatedAt", e.lastUpdatedAt().getEpochSecond());
        n.put("versionNumber", e.versionNumber());
        n.put("executionNumber", e.executionNumber());
        return n;
    }

    /** {@code JobExecutionSummary} of each execution, in order. */
    public static ArrayNode summaryList(List<JobExecution> executions) {
        ArrayNode list = JSON.createArrayNode();
        executions.forEach(e -> list.add(summary(e)));
        return list;
    }

    /** The {@code notify} document's {@code jobs}: summaries grouped under IN_PROGRESS and QUEUED. */
    public static ObjectNode summaries(List<JobExecution> executions) {
        ObjectNode jobs = JSON.createObjectNode();
        for (JobExecution e : executions) {
            String group = e.status() == JobExecutionStatus.IN_PROGRESS ? "IN_PROGRESS" : "QUEUED";
            ArrayNode list = jobs.has(group) ? (ArrayNode) jobs.get(group) : jobs.putArray(group);
            list.add(summary(e));
        }
        return jobs;
    }

    /** {@code JobExecutionState}: what VersionMismatch, InvalidStateTransition and includeJobExecutionState carry. */
    public static ObjectNode state(JobExecution e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("status", e.status().name());
        n.set("statusDetails", details(e.statusDetails()));
        n.put("versionNumber", e.versionNumber());
        return n;
    }

    /** An MQTT reply with {@code timestamp} and the request's {@code clientToken} echoed (when it had one). */
    public static ObjectNode reply(Instant now, @Nullable String clientToken) {
        ObjectNode n = JSON.createObjectNode();
        n.put("timestamp", now.getEpochSecond());
        if (clientToken != null) {
            n.put("clientToken", clientToken);
        }
        return n;
    }

    /** MQTT {@code ErrorResponse}: code, message, clientToken, timestamp, and executionState when there is one. */
    public static ObjectNode error(
            JobsErrorType type,
            String message,
            @Nullable String clientToken,
            @Nullable JobExecution current,
            Instant now) {
        ObjectNode n = JSON.createObjectNode();
        n.put("code", type.mqttCode());
        n.put("message", message);
        if (clientToken != null) {
            n.put("clientToken", clientToken);
        }
        n.put("timestamp", now.getEpochSecond());
        if (current != null) {
            n.set("executionState", state(current));
        }
        return n;
    }

    private static ObjectNode details(Map<String, String> details) {
        ObjectNode n = JSON.createObjectNode();
        details.forEach(n::put);
        return n;
    }

    /** A stored job document as the JSON tree the MQTT API embeds ({@link DocumentForm#EMBEDDED}). */
    public static JsonNode embedded(String document) {
        try {
            return JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored job document is not JSON", e);
        }
    }

    /** A document as the UTF-8 JSON bytes of an MQTT payload. */
    public static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
