package io.thingcore.api.jobs;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.PATCH;
import static io.netty.handler.codec.http.HttpMethod.PUT;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.api.http.ApiRequest;
import io.thingcore.api.http.ApiResponse;
import io.thingcore.api.http.Json;
import io.thingcore.api.http.JsonBody;
import io.thingcore.api.http.Operation;
import io.thingcore.api.http.Params;
import io.thingcore.api.http.RouteFamily;
import io.thingcore.api.http.RouteTable;
import io.thingcore.jobs.model.Job;
import io.thingcore.jobs.model.JobExecutionStatus;
import io.thingcore.jobs.model.JobStatus;
import io.thingcore.jobs.model.JobTemplate;
import io.thingcore.jobs.model.JobsException;
import io.thingcore.jobs.model.TargetSelection;
import io.thingcore.jobs.service.CreateJobRequest;
import io.thingcore.jobs.service.CreateJobTemplateRequest;
import io.thingcore.jobs.service.JobsService;
import io.thingcore.jobs.service.UpdateJobRequest;
import io.thingcore.registry.Account;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The AWS IoT Jobs operations of the {@code iot} control plane (AWS IoT API Reference; paths, members and errors of
 * the {@code iot} service model 2015-05-28): jobs, job executions and job templates. Members thingcore does not
 * offer are refused with InvalidRequestException rather than ignored.
 */
public final class JobsOperations implements RouteFamily {
    /** CreateJob members not offered: scheduling, retries, namespaces, parameters, package versions, tags. */
    static final Set<String> CREATE_JOB_UNOFFERED = Set.of(
            "schedulingConfig",
            "jobExecutionsRetryConfig",
            "namespaceId",
            "documentParameters",
            "destinationPackageVersions",
            "tags");

    static final Set<String> UPDATE_JOB_UNOFFERED = Set.of("jobExecutionsRetryConfig");

    static final Set<String> CREATE_TEMPLATE_UNOFFERED =
            Set.of("jobExecutionsRetryConfig", "maintenanceWindows", "destinationPackageVersions", "tags");

    private final Function<Account, JobsService> jobs;
    private final Clock clock;

    /**
     * @param jobs the jobs service of a request's namespace
     * @param clock for {@code approximateSecondsBeforeTimedOut}
     */
    public JobsOperations(Function<Account, JobsService> jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public String signingName() {
        return CONTROL_PLANE;
    }

    @Override
    public void register(RouteTable routes) {
        routes.add(PUT, "/jobs/{jobId}", "CreateJob", guard(this::createJob))
                .add(GET, "/jobs/{jobId}", "DescribeJob", guard(this::describeJob))
                .add(GET, "/jobs", "ListJobs", guard(this::listJobs))
                .add(PATCH, "/jobs/{jobId}", "UpdateJob", guard(this::updateJob))
                .add(PUT, "/jobs/{jobId}/cancel", "CancelJob", guard(this::cancelJob))
                .add(DELETE, "/jobs/{jobId}", "DeleteJob", guard(this::deleteJob))
                .add(GET, "/jobs/{jobId}/job-document", "GetJobDocument", guard(this::getJobDocument))
                .add(GET, "/jobs/{jobId}/things", "ListJobExecutionsForJob", guard(this::listExecutionsForJob))
                .add(GET, "/things/{thingName}/jobs", "ListJobExecutionsForThing", guard(this::listExecutionsForThing))
                .add(GET, "/things/{thingName}/jobs/{jobId}", "DescribeJobExecution", guard(this::describeExecution))
                .add(PUT, "/things/{thingName}/jobs/{jobId}/cancel", "CancelJobExecution", guard(this::cancelExecution))
                .add(
                        DELETE,
                        "/things/{thingName}/jobs/{jobId}/executionNumber/{executionNumber}",
                        "DeleteJobExecution",
                        guard(this::deleteExecution))
                .add(PUT, "/job-templates/{jobTemplateId}", "CreateJobTemplate", guard(this::createJobTemplate))
                .add(GET, "/job-templates/{jobTemplateId}", "DescribeJobTemplate", guard(this::describeJobTemplate))
                .add(GET, "/job-templates", "ListJobTemplates", guard(this::listJobTemplates))
                .add(DELETE, "/job-templates/{jobTemplateId}", "DeleteJobTemplate", guard(this::deleteJobTemplate));
    }

    private static Operation guard(Operation operation) {
        return request -> {
            try {
                return operation.handle(request);
            } catch (JobsException e) {
                throw JobShapes.controlPlaneError(e);
            }
        };
    }

    private JobsService jobs(ApiRequest request) {
        return jobs.apply(request.namespace());
    }

    private static @Nullable Integer maxResults(ApiRequest request) {
        String value = request.query("maxResults");
        return value == null ? null : Params.intInRange("maxResults", value, 1, 250);
    }

    // ---- jobs

    ApiResponse createJob(ApiRequest request) {
        JsonBody body = request.json();
        JobShapes.refuseUnoffered(body, CREATE_JOB_UNOFFERED);
        List<String> targets = body.strings("targets");
        if (targets == null) {
            throw body.missing("targets");
        }
        Job job = jobs(request)
                .createJob(new CreateJobRequest(
                        request.label("jobId"),
                        targets,
                        body.string("document"),
                        body.string("documentSource"),
                        body.string("description"),
                        JobShapes.presignedUrlConfig(body.object("presignedUrlConfig")),
                        body.enumValue("targetSelection", TargetSelection.class),
                        JobShapes.rolloutConfig(body.object("jobExecutionsRolloutConfig")),
                        JobShapes.abortConfig(body.object("abortConfig")),
                        JobShapes.timeoutConfig(body.object("timeoutConfig")),
                        body.string("jobTemplateArn")));
        return ApiResponse.of(jobReference(job));
    }

    private static ObjectNode jobReference(Job job) {
        ObjectNode out = Json.object();
        out.put("jobArn", job.jobArn());
        out.put("jobId", job.jobId());
        Json.put(out, "description", job.description());
        return out;
    }

    ApiResponse describeJob(ApiRequest request) {
        request.queryBool("beforeSubstitution", false); // no substitution happens: both answers are the same
        Job job = jobs(request).describeJob(request.label("jobId"));
        ObjectNode out = Json.object();
        Json.put(out, "documentSource", job.documentSource());
        out.set("job", JobShapes.job(job));
        return ApiResponse.of(out);
    }

    ApiResponse listJobs(ApiRequest request) {
        JobShapes.refuseUnofferedQuery(request.query("thingGroupName"), "thingGroupName");
        JobShapes.refuseUnofferedQuery(request.query("thingGroupId"), "thingGroupId");
        JobShapes.refuseUnofferedQuery(request.query("namespaceId"), "namespaceId");
        var page = jobs(request)
                .listJobs(
                        request.queryEnum("status", JobStatus.class),
                        request.queryEnum("targetSelection", TargetSelection.class),
                        maxResults(request),
                        request.query("nextToken"));
        return ApiResponse.of(JobShapes.page(page, "jobs", JobShapes::jobSummary));
    }

    ApiResponse updateJob(ApiRequest request) {
        JsonBody body = request.json();
        JobShapes.refuseUnoffered(body, UPDATE_JOB_UNOFFERED);
        JobShapes.refuseUnofferedQuery(request.query("namespaceId"), "namespaceId");
        jobs(request)
                .updateJob(new UpdateJobRequest(
                        request.label("jobId"),
                        body.string("description"),
                        JobShapes.presignedUrlConfig(body.object("presignedUrlConfig")),
                        JobShapes.rolloutConfig(body.object("jobExecutionsRolloutConfig")),
                        JobShapes.abortConfig(body.object("abortConfig")),
                        JobShapes.timeoutConfig(body.object("timeoutConfig"))));
        return ApiResponse.empty();
    }

    ApiResponse cancelJob(ApiRequest request) {
        JsonBody body = request.json();
        Job job = jobs(request)
                .cancelJob(
                        request.label("jobId"),
                        body.string("reasonCode"),
                        body.string("comment"),
                        request.queryBool("force", false));
        return ApiResponse.of(jobReference(job));
    }

    ApiResponse deleteJob(ApiRequest request) {
        JobShapes.refuseUnofferedQuery(request.query("namespaceId"), "namespaceId");
        jobs(request).deleteJob(request.label("jobId"), request.queryBool("force", false));
        return ApiResponse.empty();
    }

    ApiResponse getJobDocument(ApiRequest request) {
        request.queryBool("beforeSubstitution", false);
        ObjectNode out = Json.object();
        out.put("document", jobs(request).getJobDocument(request.label("jobId")));
        return ApiResponse.of(out);
    }

    // ---- job executions

    ApiResponse listExecutionsForJob(ApiRequest request) {
        Account namespace = request.namespace();
        var page = jobs(request)
                .listExecutionsForJob(
                        request.label("jobId"),
                        request.queryEnum("status", JobExecutionStatus.class),
                        maxResults(request),
                        request.query("nextToken"));
        return ApiResponse.of(JobShapes.page(page, "executionSummaries", e -> {
            ObjectNode item = Json.object();
            item.put("thingArn", namespace.thingArn(e.thingName()));
            item.set("jobExecutionSummary", JobShapes.executionSummary(e));
            return item;
        }));
    }

    ApiResponse listExecutionsForThing(ApiRequest request) {
        JobShapes.refuseUnofferedQuery(request.query("namespaceId"), "namespaceId");
        var page = jobs(request)
                .listExecutionsForThing(
                        request.label("thingName"),
                        request.queryEnum("status", JobExecutionStatus.class),
                        request.query("jobId"),
                        maxResults(request),
                        request.query("nextToken"));
        return ApiResponse.of(JobShapes.page(page, "executionSummaries", e -> {
            ObjectNode item = Json.object();
            item.put("jobId", e.jobId());
            item.set("jobExecutionSummary", JobShapes.executionSummary(e));
            return item;
        }));
    }

    ApiResponse describeExecution(ApiRequest request) {
        String thingName = request.label("thingName");
        var execution = jobs(request)
                .describeExecution(request.label("jobId"), thingName, request.queryLong("executionNumber"));
        ObjectNode out = Json.object();
        out.set("execution", JobShapes.execution(execution, request.namespace().thingArn(thingName), clock.instant()));
        return ApiResponse.of(out);
    }

    ApiResponse cancelExecution(ApiRequest request) {
        JsonBody body = request.json();
        jobs(request)
                .cancelExecution(
                        request.label("jobId"),
                        request.label("thingName"),
                        request.queryBool("force", false),
                        body.longValue("expectedVersion"),
                        body.stringMap("statusDetails"));
        return ApiResponse.empty();
    }

    ApiResponse deleteExecution(ApiRequest request) {
        JobShapes.refuseUnofferedQuery(request.query("namespaceId"), "namespaceId");
        long executionNumber = Params.longValue("executionNumber", request.label("executionNumber"));
        jobs(request)
                .deleteExecution(
                        request.label("jobId"),
                        request.label("thingName"),
                        executionNumber,
                        request.queryBool("force", false));
        return ApiResponse.empty();
    }

    // ---- job templates

    ApiResponse createJobTemplate(ApiRequest request) {
        JsonBody body = request.json();
        JobShapes.refuseUnoffered(body, CREATE_TEMPLATE_UNOFFERED);
        JobTemplate template = jobs(request)
                .createJobTemplate(new CreateJobTemplateRequest(
                        request.label("jobTemplateId"),
                        body.string("jobArn"),
                        body.string("document"),
                        body.string("documentSource"),
                        body.requiredString("description"),
                        JobShapes.presignedUrlConfig(body.object("presignedUrlConfig")),
                        JobShapes.rolloutConfig(body.object("jobExecutionsRolloutConfig")),
                        JobShapes.abortConfig(body.object("abortConfig")),
                        JobShapes.timeoutConfig(body.object("timeoutConfig"))));
        ObjectNode out = Json.object();
        out.put("jobTemplateArn", template.jobTemplateArn());
        out.put("jobTemplateId", template.jobTemplateId());
        return ApiResponse.of(out);
    }

    ApiResponse describeJobTemplate(ApiRequest request) {
        JobTemplate t = jobs(request).describeJobTemplate(request.label("jobTemplateId"));
        ObjectNode out = Json.object();
        out.put("jobTemplateArn", t.jobTemplateArn());
        out.put("jobTemplateId", t.jobTemplateId());
        Json.put(out, "description", t.description());
        Json.put(out, "documentSource", t.documentSource());
        Json.put(out, "document", t.document());
        Json.put(out, "createdAt", t.createdAt());
        Json.put(out, "presignedUrlConfig", JobShapes.presignedUrlConfig(t.presignedUrlConfig()));
        Json.put(out, "jobExecutionsRolloutConfig", JobShapes.rolloutConfig(t.rolloutConfig()));
        Json.put(out, "abortConfig", JobShapes.abortConfig(t.abortConfig()));
        Json.put(out, "timeoutConfig", JobShapes.timeoutConfig(t.timeoutConfig()));
        return ApiResponse.of(out);
    }

    ApiResponse listJobTemplates(ApiRequest request) {
        var page = jobs(request).listJobTemplates(maxResults(request), request.query("nextToken"));
        return ApiResponse.of(JobShapes.page(page, "jobTemplates", t -> {
            ObjectNode item = Json.object();
            item.put("jobTemplateArn", t.jobTemplateArn());
            item.put("jobTemplateId", t.jobTemplateId());
            Json.put(item, "description", t.description());
            Json.put(item, "createdAt", t.createdAt());
            return item;
        }));
    }

    ApiResponse deleteJobTemplate(ApiRequest request) {
        jobs(request).deleteJobTemplate(request.label("jobTemplateId"));
        return ApiResponse.empty();
    }
}
