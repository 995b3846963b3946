package io.thingcore.jobs.mqtt;

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

/**
 * The JSON documents of the jobs device MQTT API (developer guide, "Jobs device MQTT API operations" and "Jobs
 * notifications"; field names as the AWS IoT Device SDK v2 {@code iotjobs.model} classes and the OTA library's
 * {@code ota.c} job parser read them). Every timestamp is in epoch seconds (the SDK's {@code Timestamp} deserializer
 * multiplies by 1000; the OTA library parses {@code timestamp} as a 32-bit integer). The job document is embedded as
 * JSON, not as a string ({@code execution.jobDocument.afr_ota}).
 */
final class DeviceDocuments {
    static final ObjectMapper JSON = new ObjectMapper();

    private DeviceDocuments() {}

    /** {@code JobExecution}: the execution, with its job document when {@code document} is not null. */
    static ObjectNode execution(JobExecution e, String document, Instant now) {
        ObjectNode n = JSON.createObjectNode();
        n.put("jobId", e.jobId());
        n.put("thingName", e.thingName());
        if (document != null) {
            n.set("jobDocument", parse(document));
        }
        n.put("status", e.status().name());
        if (!e.statusDetails().isEmpty()) {
            n.set("statusDetails", details(e.statusDetails()));
        }
        n.put("queuedAt", e.queuedAt().getEpochSecond());
        if (e.startedAt() != null) {
            n.put("startedAt", e.startedAt().getEpochSecond());
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

    /** {@code JobExecutionSummary}, as in the lists of {@code get/accepted} and {@code notify}. */
    static ObjectNode summary(JobExecution e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("jobId", e.jobId());
        n.put("queuedAt", e.queuedAt().getEpochSecond());
        if (e.startedAt() != null) {
            n.put("startedAt", e.startedAt().getEpochSecond());
        }
        n.put("lastUpdatedAt", e.lastUpdatedAt().getEpochSecond());
        n.put("versionNumber", e.versionNumber());
        n.put("executionNumber", e.executionNumber());
        return n;
    }

    /** {@code JobExecutionState}: what VersionMismatch, InvalidStateTransition and includeJobExecutionState carry. */
    static ObjectNode state(JobExecution e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("status", e.status().name());
        n.set("statusDetails", details(e.statusDetails()));
        n.put("versionNumber", e.versionNumber());
        return n;
    }

    static ObjectNode summaries(List<JobExecution> executions) {
        ObjectNode jobs = JSON.createObjectNode();
        for (JobExecution e : executions) {
            String group = e.status() == JobExecutionStatus.IN_PROGRESS ? "IN_PROGRESS" : "QUEUED";
            ArrayNode list = jobs.has(group) ? (ArrayNode) jobs.get(group) : jobs.putArray(group);
            list.add(summary(e));
        }
        return jobs;
    }

    /** A reply with {@code timestamp} and the request's {@code clientToken} echoed (when it had one). */
    static ObjectNode reply(Instant now, String clientToken) {
        ObjectNode n = JSON.createObjectNode();
        n.put("timestamp", now.getEpochSecond());
        if (clientToken != null) {
            n.put("clientToken", clientToken);
        }
        return n;
    }

    /** {@code ErrorResponse}: code, message, clientToken, timestamp, and executionState when there is one. */
    static ObjectNode error(JobsErrorType type, String message, String clientToken, JobExecution current, Instant now) {
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

    static ObjectNode details(Map<String, String> details) {
        ObjectNode n = JSON.createObjectNode();
        details.forEach(n::put);
        return n;
    }

    static JsonNode parse(String document) {
        try {
            return JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored job document is not JSON", e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
