package io.thingcore.api.jobs;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.api.http.ApiRequest;
import io.thingcore.api.http.ApiResponse;
import io.thingcore.api.http.Json;
import io.thingcore.api.http.JsonBody;
import io.thingcore.api.http.Operation;
import io.thingcore.api.http.RouteFamily;
import io.thingcore.api.http.RouteTable;
import io.thingcore.jobs.documents.ExecutionDocuments;
import io.thingcore.jobs.model.JobExecution;
import io.thingcore.jobs.model.JobExecutionStatus;
import io.thingcore.jobs.model.JobsException;
import io.thingcore.jobs.model.Validation;
import io.thingcore.jobs.service.ExecutionUpdate;
import io.thingcore.jobs.service.ExecutionWithDocument;
import io.thingcore.jobs.service.JobsService;
import io.thingcore.jobs.service.PendingExecutions;
import io.thingcore.registry.Account;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * The AWS IoT Jobs data plane over HTTP ({@code iot-jobs-data} service model 2017-09-29, signing name
 * {@code iot-jobs-data}; AWS IoT API Reference, "AWS IoT Jobs data plane"): the same device-side operations as the
 * jobs MQTT API, for a caller that polls over HTTPS. The thing is the path's; this API is signed with the gateway's
 * access key, so it acts for any thing, as an IAM identity with {@code iotjobsdata:*} does on AWS.
 */
public final class JobsDataOperations implements RouteFamily {
    /** The signing name of the {@code iot-jobs-data} service model. */
    public static final String SIGNING_NAME = "iot-jobs-data";

    private final Function<Account, JobsService> jobs;
    private final Clock clock;

    public JobsDataOperations(Function<Account, JobsService> jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public String signingName() {
        return SIGNING_NAME;
    }

    @Override
    public void register(RouteTable routes) {
        routes.add(GET, "/things/{thingName}/jobs", "GetPendingJobExecutions", guard(this::getPending))
                .add(PUT, "/things/{thingName}/jobs/$next", "StartNextPendingJobExecution", guard(this::startNext))
                // botocore and the Java SDK send the template's literal $ as is; a client that escapes it still lands
                .add(PUT, "/things/{thingName}/jobs/%24next", "StartNextPendingJobExecution", guard(this::startNext))
                .add(GET, "/things/{thingName}/jobs/{jobId}", "DescribeJobExecution", guard(this::describe))
                .add(POST, "/things/{thingName}/jobs/{jobId}", "UpdateJobExecution", guard(this::update));
    }

    private static Operation guard(Operation operation) {
        return request -> {
            try {
                return operation.handle(request);
            } catch (JobsException e) {
                throw JobShapes.dataPlaneError(e);
            }
        };
    }

    private JobsService jobs(ApiRequest request) {
        return jobs.apply(request.namespace());
    }

    private static String thingName(ApiRequest request) {
        return Validation.thingName(request.label("thingName"));
    }

    ApiResponse getPending(ApiRequest request) {
        PendingExecutions pending = jobs(request).getPendingExecutions(thingName(request));
        ObjectNode out = Json.object();
        out.set("inProgressJobs", ExecutionDocuments.summaryList(pending.inProgressJobs()));
        out.set("queuedJobs", ExecutionDocuments.summaryList(pending.queuedJobs()));
        return ApiResponse.of(out);
    }

    ApiResponse startNext(ApiRequest request) {
        JsonBody body = request.json();
        Optional<ExecutionWithDocument> next = jobs(request)
                .startNext(thingName(request), body.stringMap("statusDetails"), body.longValue("stepTimeoutInMinutes"));
        return execution(next, true);
    }

    ApiResponse describe(ApiRequest request) {
        // "Unless set to false, the response contains the job document. The default is true." (iot-jobs-data API
        // model, DescribeJobExecutionRequest.includeJobDocument); UpdateJobExecution's defaults to false.
        boolean includeDocument = request.queryBool("includeJobDocument", true);
        Optional<ExecutionWithDocument> found = jobs(request)
                .describeForDevice(thingName(request), request.label("jobId"), request.queryLong("executionNumber"));
        return execution(found, includeDocument);
    }

    /** {@code {execution}}, or {@code {}} when there is none (StartNext and {@code $next} with nothing pending). */
    private ApiResponse execution(Optional<ExecutionWithDocument> found, boolean includeDocument) {
        ObjectNode out = Json.object();
        found.ifPresent(e -> out.set(
                "execution",
                ExecutionDocuments.execution(
                        e.execution(),
                        includeDocument ? e.jobDocument() : null,
                        clock.instant(),
                        ExecutionDocuments.DocumentForm.STRING)));
        return ApiResponse.of(out);
    }

    ApiResponse update(ApiRequest request) {
        JsonBody body = request.json();
        JobExecutionStatus status = body.enumValue("status", JobExecutionStatus.class);
        if (status == null) {
            throw body.missing("status");
        }
        ExecutionWithDocument updated = jobs(request)
                .updateExecution(
                        thingName(request),
                        request.label("jobId"),
                        new ExecutionUpdate(
                                status,
                                body.stringMap("statusDetails"),
                                body.longValue("expectedVersion"),
                                body.longValue("executionNumber"),
                                body.longValue("stepTimeoutInMinutes")));
        ObjectNode out = Json.object();
        if (body.bool("includeJobExecutionState", false)) {
            JobExecution e = updated.execution();
            out.set("executionState", ExecutionDocuments.state(e));
        }
        if (body.bool("includeJobDocument", false)) {
            Json.put(out, "jobDocument", updated.jobDocument());
        }
        return ApiResponse.of(out);
    }
}
