package io.thingcore.jobs.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.broker.services.ReservedTopicService;
import io.thingcore.broker.services.ServiceReplies;
import io.thingcore.broker.services.ServiceRequest;
import io.thingcore.jobs.documents.ExecutionDocuments;
import io.thingcore.jobs.model.JobExecutionStatus;
import io.thingcore.jobs.model.JobsErrorType;
import io.thingcore.jobs.model.JobsException;
import io.thingcore.jobs.model.Validation;
import io.thingcore.jobs.service.ExecutionUpdate;
import io.thingcore.jobs.service.ExecutionWithDocument;
import io.thingcore.jobs.service.JobsService;
import io.thingcore.jobs.service.PendingExecutions;
import io.thingcore.logtext.LogText;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs device MQTT API on the broker's reserved-topic seam (developer guide, "Jobs device MQTT API operations"):
 * a device publishes to {@code $aws/things/<thing>/jobs/get}, {@code start-next}, {@code <jobId>/get} (also
 * {@code $next/get}) or {@code <jobId>/update}, and the answer goes to the request topic's {@code /accepted} or
 * {@code /rejected} with the request's {@code clientToken}. Any other topic under {@code jobs/} that is not one of the
 * service's own ({@code .../accepted}, {@code .../rejected}, {@code notify}, {@code notify-next}) is answered with
 * InvalidTopic, as AWS does ("does not map to any API").
 *
 * <p>The broker has authorized the publish with the connection's policies; the thing addressed is the topic's. A
 * request is handled in one store transaction; its stage completes once that transaction has committed (or has been
 * refused), so the broker's PUBACK means the update is durable.
 *
 * <p>Threads: {@link #accepts} on the event loop (string checks only); {@link #handle} on the broker's service
 * executor (blocking JDBC).
 */
public final class JobsTopicService implements ReservedTopicService {
    private static final Logger LOG = LoggerFactory.getLogger(JobsTopicService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String NEXT = "$next";

    private final JobsService jobs;
    private final Clock clock;

    public JobsTopicService(JobsService jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public String family() {
        return "jobs";
    }

    @Override
    public boolean accepts(String suffix) {
        return !(suffix.equals("notify")
                || suffix.equals("notify-next")
                || suffix.endsWith("/accepted")
                || suffix.endsWith("/rejected")
                || suffix.equals("accepted")
                || suffix.equals("rejected"));
    }

    @Override
    public CompletionStage<Void> handle(ServiceRequest request, ServiceReplies replies) {
        Instant now = clock.instant();
        String clientToken = null;
        try {
            ObjectNode body = parse(request.payload());
            clientToken = clientToken(body);
            ObjectNode answer = dispatch(request.thingName(), request.suffix(), body, now, clientToken);
            replies.accepted(ExecutionDocuments.bytes(answer));
        } catch (JobsException e) {
            replies.rejected(ExecutionDocuments.bytes(
                    ExecutionDocuments.error(e.type(), e.getMessage(), clientToken, e.current(), now)));
        } catch (RuntimeException e) {
            LOG.warn("jobs request on '{}' failed", LogText.of(request.topic()), e);
            replies.rejected(ExecutionDocuments.bytes(ExecutionDocuments.error(
                    JobsErrorType.INTERNAL_FAILURE, "the request could not be processed", clientToken, null, now)));
        }
        return CompletableFuture.completedFuture(null);
    }

    private ObjectNode dispatch(
            String thing, String suffix, ObjectNode body, Instant now, @Nullable String clientToken) {
        if (suffix.equals("get")) {
            return getPending(thing, now, clientToken);
        }
        if (suffix.equals("start-next")) {
            Optional<ExecutionWithDocument> next =
                    jobs.startNext(thing, details(body, "statusDetails"), longField(body, "stepTimeoutInMinutes"));
            return withExecution(next, true, now, clientToken);
        }
        int slash = suffix.indexOf('/');
        String jobId = slash < 0 ? suffix : suffix.substring(0, slash);
        String operation = slash < 0 ? "" : suffix.substring(slash + 1);
        if (operation.equals("get")) {
            requireJobId(jobId, true);
            Boolean include = boolField(body, "includeJobDocument");
            Optional<ExecutionWithDocument> found =
                    jobs.describeForDevice(thing, jobId, longField(body, "executionNumber"));
            return withExecution(found, include == null || include, now, clientToken);
        }
        if (operation.equals("update")) {
            requireJobId(jobId, false);
            return update(thing, jobId, body, now, clientToken);
        }
        throw new JobsException(
                JobsErrorType.INVALID_TOPIC, "the topic does not map to any jobs operation: jobs/" + suffix);
    }

    private ObjectNode getPending(String thing, Instant now, @Nullable String clientToken) {
        PendingExecutions pending = jobs.getPendingExecutions(thing);
        ObjectNode answer = ExecutionDocuments.reply(now, clientToken);
        answer.set("inProgressJobs", ExecutionDocuments.summaryList(pending.inProgressJobs()));
        answer.set("queuedJobs", ExecutionDocuments.summaryList(pending.queuedJobs()));
        return answer;
    }

    private static ObjectNode withExecution(
            Optional<ExecutionWithDocument> found, boolean includeDocument, Instant now, @Nullable String clientToken) {
        ObjectNode answer = ExecutionDocuments.reply(now, clientToken);
        found.ifPresent(x -> answer.set(
                "execution",
                ExecutionDocuments.execution(
                        x.execution(),
                        includeDocument ? x.jobDocument() : null,
                        now,
                        ExecutionDocuments.DocumentForm.EMBEDDED)));
        return answer;
    }

    private ObjectNode update(String thing, String jobId, ObjectNode body, Instant now, @Nullable String clientToken) {
        String status = textField(body, "status");
        if (status == null) {
            throw Validation.invalid("status is required");
        }
        JobExecutionStatus target;
        try {
            target = JobExecutionStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw Validation.invalid("status must be one of IN_PROGRESS, SUCCEEDED, FAILED, REJECTED");
        }
        ExecutionWithDocument updated = jobs.updateExecution(
                thing,
                jobId,
                new ExecutionUpdate(
                        target,
                        details(body, "statusDetails"),
                        longField(body, "expectedVersion"),
                        longField(body, "executionNumber"),
                        longField(body, "stepTimeoutInMinutes")));
        ObjectNode answer = ExecutionDocuments.reply(now, clientToken);
        if (Boolean.TRUE.equals(boolField(body, "includeJobExecutionState"))) {
            answer.set("executionState", ExecutionDocuments.state(updated.execution()));
        }
        if (Boolean.TRUE.equals(boolField(body, "includeJobDocument"))) {
            answer.set("jobDocument", ExecutionDocuments.embedded(updated.jobDocument()));
        }
        return answer;
    }

    private static void requireJobId(String jobId, boolean nextAllowed) {
        if (nextAllowed && jobId.equals(NEXT)) {
            return;
        }
        Validation.jobId(jobId);
    }

    // ---- request documents

    /** The payload as a JSON object; an empty payload is an empty request. */
    private static ObjectNode parse(byte[] payload) {
        if (payload.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(payload);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException | RuntimeException e) {
            // falls through to InvalidJson
        }
        throw new JobsException(JobsErrorType.INVALID_JSON, "the request payload is not a JSON object");
    }

    private static @Nullable String clientToken(ObjectNode body) {
        JsonNode token = body.get("clientToken");
        if (token == null || token.isNull()) {
            return null;
        }
        if (!token.isTextual() || token.asText().isEmpty() || token.asText().length() > Validation.MAX_CLIENT_TOKEN) {
            throw Validation.invalid(
                    "clientToken must be a string of 1 to " + Validation.MAX_CLIENT_TOKEN + " characters");
        }
        return token.asText();
    }

    private static @Nullable String textField(ObjectNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw Validation.invalid(name + " must be a string");
        }
        return n.asText();
    }

    /**
     * A whole number; a string of digits is taken too (the developer guide's request examples show
     * {@code "expectedVersion": "number"}, and device libraries differ in which they send).
     */
    private static @Nullable Long longField(ObjectNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.asLong();
        }
        if (n.isTextual() && n.asText().matches("-?[0-9]{1,18}")) {
            return Long.parseLong(n.asText());
        }
        throw Validation.invalid(name + " must be a whole number");
    }

    private static @Nullable Boolean boolField(ObjectNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw Validation.invalid(name + " must be true or false");
        }
        return n.asBoolean();
    }

    private static @Nullable Map<String, String> details(ObjectNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw Validation.invalid(name + " must be an object of strings");
        }
        Map<String, String> details = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!e.getValue().isTextual()) {
                throw Validation.invalid(name + " values must be strings");
            }
            details.put(e.getKey(), e.getValue().asText());
        }
        return details;
    }
}
