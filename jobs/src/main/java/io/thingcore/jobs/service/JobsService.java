package io.thingcore.jobs.service;

import io.thingcore.jobs.model.AbortConfig;
import io.thingcore.jobs.model.AbortCriteria;
import io.thingcore.jobs.model.ExecutionChange;
import io.thingcore.jobs.model.ExecutionTransitions;
import io.thingcore.jobs.model.Job;
import io.thingcore.jobs.model.JobExecution;
import io.thingcore.jobs.model.JobExecutionStatus;
import io.thingcore.jobs.model.JobProcessDetails;
import io.thingcore.jobs.model.JobStatus;
import io.thingcore.jobs.model.JobTemplate;
import io.thingcore.jobs.model.JobsErrorType;
import io.thingcore.jobs.model.JobsException;
import io.thingcore.jobs.model.TargetSelection;
import io.thingcore.jobs.model.Validation;
import io.thingcore.jobs.store.JobStore;
import io.thingcore.jobs.store.JobStore.StoredJob;
import io.thingcore.jobs.store.JobStore.Tx;
import io.thingcore.logtext.LogText;
import io.thingcore.registry.Account;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS IoT Jobs for one account and region: the control-plane operations (AWS IoT API Reference: CreateJob,
 * DescribeJob, ListJobs, UpdateJob, CancelJob, DeleteJob, GetJobDocument, ListJobExecutionsForJob,
 * ListJobExecutionsForThing, DescribeJobExecution, CancelJobExecution, DeleteJobExecution, and the job template
 * operations) and the device-side ones ({@code iot-jobs-data}: GetPendingJobExecutions, StartNextPendingJobExecution,
 * DescribeJobExecution, UpdateJobExecution), with the rollout, timeouts and abort rules of the developer guide ("Job
 * rollout, scheduling, and abort configurations", "Job timeouts").
 *
 * <p>Each operation is one store transaction; bad input throws a {@link JobsException} with AWS's error type and
 * changes nothing. After the commit it hands its timers to the {@link JobsScheduler} and reports each touched
 * thing's change to {@link JobNotifications}, in commit order per thing. {@link #start} schedules again what a previous run left pending, so timeouts,
 * rollouts and deletions survive a restart.
 *
 * <p>Threads: any worker thread; blocking (JDBC). Never call it on an event loop.
 */
public final class JobsService {
    private static final Logger LOG = LoggerFactory.getLogger(JobsService.class);
    /** Rollout batches are one minute apart ({@code maximumPerMinute}). */
    static final Duration ROLLOUT_PERIOD = Duration.ofMinutes(1);

    private final Account ns;
    private final JobStore store;
    private final Clock clock;
    private final JobsScheduler scheduler;
    private final ThingDirectory things;
    private final DocumentSourceResolver documentSources;
    private final JobNotifications notifications;
    /** Serialize the announcements of one thing (a thing maps to one stripe); see announce. */
    private final Object[] stripes = new Object[64];
    /** What each thing with jobs was last told; one small entry per such thing. */
    private final Map<String, Announced> announced = new ConcurrentHashMap<>();

    public JobsService(
            Account ns,
            JobStore store,
            Clock clock,
            JobsScheduler scheduler,
            ThingDirectory things,
            DocumentSourceResolver documentSources,
            JobNotifications notifications) {
        this.ns = Objects.requireNonNull(ns, "ns");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.things = Objects.requireNonNull(things, "things");
        this.documentSources = Objects.requireNonNull(documentSources, "documentSources");
        this.notifications = Objects.requireNonNull(notifications, "notifications");
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    public Account namespace() {
        return ns;
    }

    /** Schedules the timers, rollout batches and deletions that the store holds from an earlier run. */
    public void start() {
        int[] counts = new int[2];
        store.transaction(ns, tx -> {
            for (JobStore.Deadline d : tx.deadlines()) {
                scheduleTimeout(d.jobId(), d.thingName(), d.executionNumber(), d.at());
                counts[0]++;
            }
            for (JobStore.PendingWork w : tx.pendingWork()) {
                if (w.status() == JobStatus.DELETION_IN_PROGRESS) {
                    schedulePurge(w.jobId());
                } else if (w.nextRolloutAt() != null) {
                    scheduler.schedule(w.nextRolloutAt(), () -> rollOut(w.jobId()));
                }
                counts[1]++;
            }
            return null;
        });
        LOG.info(
                "jobs {}/{}: {} execution timers and {} rollouts or deletions resumed",
                ns.accountId(),
                ns.region(),
                counts[0],
                counts[1]);
    }

    // =====================================================================================================
    // Control plane: jobs

    /** AWS IoT {@code CreateJob}. */
    public Job createJob(CreateJobRequest request) {
        String jobId = Validation.jobId(request.jobId());
        JobTemplate template = request.jobTemplateArn() == null ? null : templateFor(request.jobTemplateArn());
        String inlineDocument = request.document();
        String documentSource = request.documentSource();
        String document;
        if (inlineDocument != null && documentSource != null) {
            throw Validation.invalid("give either document or documentSource, not both");
        } else if (inlineDocument != null) {
            document = inlineDocument;
        } else if (documentSource != null) {
            document = documentSources.resolve(documentSource);
        } else if (template != null) {
            document = template.document();
            documentSource = template.documentSource();
        } else {
            throw Validation.invalid("a job needs a document or a documentSource");
        }
        String resolvedDocument = JobInputs.document(document);
        String resolvedSource = documentSource;
        List<String> targets = JobInputs.targets(ns, request.targets());
        String description =
                Validation.text("description", or(request.description(), template, JobTemplate::description));
        var presigned =
                JobInputs.presignedUrl(or(request.presignedUrlConfig(), template, JobTemplate::presignedUrlConfig));
        var rollout = JobInputs.rollout(or(request.rolloutConfig(), template, JobTemplate::rolloutConfig));
        var abort = JobInputs.abort(or(request.abortConfig(), template, JobTemplate::abortConfig));
        var timeout = JobInputs.timeout(or(request.timeoutConfig(), template, JobTemplate::timeoutConfig));
        TargetSelection selection =
                request.targetSelection() == null ? TargetSelection.SNAPSHOT : request.targetSelection();
        for (String thing : targets) {
            if (!things.thingExists(thing)) {
                throw new JobsException(JobsErrorType.RESOURCE_NOT_FOUND, "thing " + thing + " does not exist");
            }
        }
        return run(u -> {
            if (u.tx.job(jobId).isPresent()) {
                throw new JobsException(JobsErrorType.RESOURCE_ALREADY_EXISTS, "job " + jobId + " already exists");
            }
            Job job = new Job(
                    jobId,
                    ns.arn("job", jobId),
                    JobStatus.IN_PROGRESS,
                    selection,
                    request.targets(),
                    description,
                    resolvedDocument,
                    resolvedSource,
                    presigned,
                    rollout,
                    abort,
                    timeout,
                    template == null ? null : template.jobTemplateArn(),
                    false,
                    null,
                    null,
                    u.now,
                    u.now,
                    null,
                    null);
            u.tx.insertJob(job, null);
            u.tx.insertTargets(jobId, targets);
            rollOutBatch(u, u.tx.job(jobId).orElseThrow());
            return job;
        });
    }

    private static <T> @Nullable T or(
            @Nullable T given, @Nullable JobTemplate template, Function<JobTemplate, @Nullable T> member) {
        return given != null || template == null ? given : member.apply(template);
    }

    /** Queues the next batch of the job's targets (all of them without a rollout rate) and plans the following one. */
    private void rollOutBatch(Unit u, StoredJob stored) throws SQLException {
        Job job = stored.job();
        Integer perMinute =
                job.rolloutConfig() == null ? null : job.rolloutConfig().maximumPerMinute();
        List<String> batch = u.tx.pendingTargets(job.jobId(), perMinute == null ? Integer.MAX_VALUE : perMinute);
        for (String thing : batch) {
            u.queue(job, thing);
        }
        boolean more = perMinute != null && !u.tx.pendingTargets(job.jobId(), 1).isEmpty();
        Instant next = more ? u.now.plus(ROLLOUT_PERIOD) : null;
        StoredJob current = u.tx.job(job.jobId()).orElseThrow();
        u.tx.updateJob(current, current.job(), next);
        if (next != null) {
            u.afterCommit.add(() -> scheduler.schedule(next, () -> rollOut(job.jobId())));
        }
    }

    /** The rollout timer: queues the next batch of an IN_PROGRESS job when its time has come. */
    void rollOut(String jobId) {
        run(u -> {
            Optional<StoredJob> stored = u.tx.job(jobId);
            if (stored.isEmpty()
                    || stored.get().nextRolloutAt() == null
                    || stored.get().nextRolloutAt().isAfter(u.now)) {
                return null;
            }
            if (stored.get().job().status() != JobStatus.IN_PROGRESS) {
                u.tx.updateJob(stored.get(), stored.get().job(), null);
                return null;
            }
            rollOutBatch(u, stored.get());
            settle(u, jobId);
            return null;
        });
    }

    /** AWS IoT {@code DescribeJob}: the job with its process details. */
    public Job describeJob(String jobId) {
        return store.transaction(ns, tx -> {
            Job job = requireJob(tx, jobId).job();
            return job.withProcessDetails(tx.processDetails(jobId));
        });
    }

    /** AWS IoT {@code GetJobDocument}. */
    public String getJobDocument(String jobId) {
        return store.transaction(ns, tx -> requireJob(tx, jobId).job().document());
    }

    /** AWS IoT {@code ListJobs} (thing-group filters are not offered: no groups yet). */
    public Page<Job> listJobs(
            @Nullable JobStatus status,
            @Nullable TargetSelection selection,
            @Nullable Integer maxResults,
            @Nullable String nextToken) {
        int limit = JobInputs.maxResults(maxResults);
        int offset = JobInputs.offset(nextToken);
        return store.transaction(
                ns, tx -> JobInputs.page(tx.jobs(status, selection, offset, limit + 1), offset, limit));
    }

    /** AWS IoT {@code UpdateJob}: description and configurations of a job that is still IN_PROGRESS. */
    public void updateJob(UpdateJobRequest request) {
        String description = Validation.text("description", request.description());
        var presigned = JobInputs.presignedUrl(request.presignedUrlConfig());
        var rollout = JobInputs.rollout(request.rolloutConfig());
        var abort = JobInputs.abort(request.abortConfig());
        var timeout = JobInputs.timeout(request.timeoutConfig());
        run(u -> {
            StoredJob stored = requireJob(u.tx, request.jobId());
            Job j = stored.job();
            if (j.status() != JobStatus.IN_PROGRESS) {
                throw Validation.invalid(
                        "job " + j.jobId() + " is " + j.status() + "; only an IN_PROGRESS job can be" + " updated");
            }
            Job updated = new Job(
                    j.jobId(),
                    j.jobArn(),
                    j.status(),
                    j.targetSelection(),
                    j.targets(),
                    description != null ? description : j.description(),
                    j.document(),
                    j.documentSource(),
                    presigned != null ? presigned : j.presignedUrlConfig(),
                    rollout != null ? rollout : j.rolloutConfig(),
                    abort != null ? abort : j.abortConfig(),
                    timeout != null ? timeout : j.timeoutConfig(),
                    j.jobTemplateArn(),
                    j.forceCanceled(),
                    j.reasonCode(),
                    j.comment(),
                    j.createdAt(),
                    u.now,
                    j.completedAt(),
                    null);
            u.tx.updateJob(stored, updated, stored.nextRolloutAt());
            return null;
        });
    }

    /**
     * AWS IoT {@code CancelJob}: the job becomes CANCELED, its QUEUED executions CANCELED, targets not yet rolled
     * out are dropped; IN_PROGRESS executions become CANCELED only with {@code force} (and a job canceled without
     * force may be canceled again with it). A COMPLETED job, or one already canceled that way, is refused.
     */
    public Job cancelJob(String jobId, @Nullable String reasonCode, @Nullable String comment, boolean force) {
        Validation.reasonCode(reasonCode);
        Validation.text("comment", comment);
        return run(u -> {
            StoredJob stored = requireJob(u.tx, jobId);
            Job j = stored.job();
            boolean upgrade = j.status() == JobStatus.CANCELED && force && !j.forceCanceled();
            if (j.status() != JobStatus.IN_PROGRESS && j.status() != JobStatus.SCHEDULED && !upgrade) {
                throw Validation.invalid("job " + jobId + " is " + j.status() + " and cannot be canceled"
                        + (j.status() == JobStatus.CANCELED ? " again without force" : ""));
            }
            Job canceled = withStatus(j, JobStatus.CANCELED, u.now, force || j.forceCanceled(), reasonCode, comment);
            u.tx.updateJob(stored, canceled, null);
            cancelExecutions(u, jobId, force);
            for (String thing : u.tx.pendingTargets(jobId, Integer.MAX_VALUE)) {
                u.tx.deletePendingTarget(jobId, thing);
            }
            return canceled;
        });
    }

    private void cancelExecutions(Unit u, String jobId, boolean force) throws SQLException {
        ExecutionChange change = force ? ExecutionChange.FORCE_CANCEL : ExecutionChange.CANCEL;
        for (JobExecutionStatus status : List.of(JobExecutionStatus.QUEUED, JobExecutionStatus.IN_PROGRESS)) {
            for (JobExecution e : u.tx.executionsOfJob(jobId, status, 0, Integer.MAX_VALUE)) {
                if (ExecutionTransitions.isAllowed(e.status(), JobExecutionStatus.CANCELED, change)) {
                    u.move(e, JobExecutionStatus.CANCELED, e.statusDetails(), force, null);
                }
            }
        }
    }

    private static Job withStatus(
            Job j,
            JobStatus status,
            Instant now,
            boolean forceCanceled,
            @Nullable String reasonCode,
            @Nullable String comment) {
        return new Job(
                j.jobId(),
                j.jobArn(),
                status,
                j.targetSelection(),
                j.targets(),
                j.description(),
                j.document(),
                j.documentSource(),
                j.presignedUrlConfig(),
                j.rolloutConfig(),
                j.abortConfig(),
                j.timeoutConfig(),
                j.jobTemplateArn(),
                forceCanceled,
                reasonCode != null ? reasonCode : j.reasonCode(),
                comment != null ? comment : j.comment(),
                j.createdAt(),
                now,
                status == JobStatus.COMPLETED ? now : j.completedAt(),
                null);
    }

    /**
     * AWS IoT {@code DeleteJob}: a COMPLETED or CANCELED job, or with {@code force} an IN_PROGRESS one ("you can
     * only delete a job which is in a terminal state ... or an exception will occur"). The job shows
     * DELETION_IN_PROGRESS until the scheduler has removed it; its executions leave the things' lists at once.
     */
    public void deleteJob(String jobId, boolean force) {
        run(u -> {
            StoredJob stored = requireJob(u.tx, jobId);
            Job j = stored.job();
            if (j.status() == JobStatus.DELETION_IN_PROGRESS) {
                throw new JobsException(
                        JobsErrorType.INVALID_STATE_TRANSITION, "job " + jobId + " is already being deleted");
            }
            if (!j.status().isTerminal() && !force) {
                throw new JobsException(
                        JobsErrorType.INVALID_STATE_TRANSITION,
                        "job " + jobId + " is " + j.status() + "; delete it with force, or cancel it first");
            }
            for (JobExecution e : u.tx.executionsOfJob(jobId, null, 0, Integer.MAX_VALUE)) {
                u.touch(e.thingName());
                u.tx.deleteExecution(jobId, e.thingName(), e.executionNumber());
            }
            u.tx.updateJob(
                    stored, withStatus(j, JobStatus.DELETION_IN_PROGRESS, u.now, j.forceCanceled(), null, null), null);
            u.afterCommit.add(() -> schedulePurge(jobId));
            return null;
        });
    }

    private void schedulePurge(String jobId) {
        scheduler.schedule(
                clock.instant(),
                () -> store.transaction(ns, tx -> {
                    Optional<StoredJob> stored = tx.job(jobId);
                    if (stored.isPresent() && stored.get().job().status() == JobStatus.DELETION_IN_PROGRESS) {
                        tx.deleteJob(jobId);
                    }
                    return null;
                }));
    }

    // =====================================================================================================
    // Control plane: job executions

    /** AWS IoT {@code ListJobExecutionsForJob}. */
    public Page<JobExecution> listExecutionsForJob(
            String jobId,
            @Nullable JobExecutionStatus status,
            @Nullable Integer maxResults,
            @Nullable String nextToken) {
        int limit = JobInputs.maxResults(maxResults);
        int offset = JobInputs.offset(nextToken);
        return store.transaction(ns, tx -> {
            requireJob(tx, jobId);
            return JobInputs.page(tx.executionsOfJob(jobId, status, offset, limit + 1), offset, limit);
        });
    }

    /** AWS IoT {@code ListJobExecutionsForThing}, newest first. */
    public Page<JobExecution> listExecutionsForThing(
            String thingName,
            @Nullable JobExecutionStatus status,
            @Nullable String jobId,
            @Nullable Integer maxResults,
            @Nullable String nextToken) {
        Validation.thingName(thingName);
        int limit = JobInputs.maxResults(maxResults);
        int offset = JobInputs.offset(nextToken);
        return store.transaction(
                ns,
                tx -> JobInputs.page(tx.executionsOfThing(thingName, status, jobId, offset, limit + 1), offset, limit));
    }

    /** AWS IoT {@code DescribeJobExecution}: the execution with this number, or the latest one. */
    public JobExecution describeExecution(String jobId, String thingName, @Nullable Long executionNumber) {
        return store.transaction(ns, tx -> requireExecution(tx, jobId, thingName, executionNumber));
    }

    /**
     * AWS IoT {@code CancelJobExecution}: QUEUED becomes CANCELED; IN_PROGRESS only with {@code force}; a terminal
     * execution is refused (InvalidStateTransitionException); {@code expectedVersion} guards against a concurrent
     * device update (VersionConflictException).
     */
    public JobExecution cancelExecution(
            String jobId,
            String thingName,
            boolean force,
            @Nullable Long expectedVersion,
            @Nullable Map<String, String> statusDetails) {
        Validation.statusDetails(statusDetails);
        return run(u -> {
            u.tx.lockExecutions(jobId, thingName);
            JobExecution e = requireExecution(u.tx, jobId, thingName, null);
            checkVersion(e, expectedVersion);
            ExecutionTransitions.check(
                    e, JobExecutionStatus.CANCELED, force ? ExecutionChange.FORCE_CANCEL : ExecutionChange.CANCEL);
            JobExecution canceled = u.move(
                    e,
                    JobExecutionStatus.CANCELED,
                    statusDetails != null ? statusDetails : e.statusDetails(),
                    force,
                    null);
            settle(u, jobId);
            return canceled;
        });
    }

    /**
     * AWS IoT {@code DeleteJobExecution}: a terminal execution, or with {@code force} a pending one ("Otherwise, you
     * can only delete a job execution which is in a terminal state").
     */
    public void deleteExecution(String jobId, String thingName, long executionNumber, boolean force) {
        run(u -> {
            JobExecution e = requireExecution(u.tx, jobId, thingName, executionNumber);
            if (e.status().isPending() && !force) {
                throw new JobsException(
                        JobsErrorType.INVALID_STATE_TRANSITION,
                        "the job execution is " + e.status() + "; delete it with force",
                        e);
            }
            u.touch(thingName);
            u.tx.deleteExecution(jobId, thingName, executionNumber);
            settle(u, jobId);
            return null;
        });
    }

    /**
     * The thing was deleted: its pending executions become REMOVED and it leaves the targets not yet rolled out
     * (developer guide, "Jobs and job execution states": REMOVED when the device is no longer a target).
     */
    public void thingDeleted(String thingName) {
        run(u -> {
            for (String jobId : u.tx.jobsWithPendingTarget(thingName)) {
                u.tx.deletePendingTarget(jobId, thingName);
                settle(u, jobId);
            }
            for (JobExecution e : u.tx.pendingExecutions(thingName)) {
                u.move(e, JobExecutionStatus.REMOVED, e.statusDetails(), false, null);
                settle(u, e.jobId());
            }
            return null;
        });
    }

    // =====================================================================================================
    // Control plane: job templates

    /** AWS IoT {@code CreateJobTemplate}: from an existing job ({@code jobArn}), a document, or a document source. */
    public JobTemplate createJobTemplate(CreateJobTemplateRequest request) {
        String id = Validation.jobTemplateId(request.jobTemplateId());
        if (request.description() == null) {
            throw Validation.invalid("description is required");
        }
        String description = Validation.text("description", request.description());
        int sources = (request.jobArn() != null ? 1 : 0)
                + (request.document() != null ? 1 : 0)
                + (request.documentSource() != null ? 1 : 0);
        if (sources != 1) {
            throw Validation.invalid("give exactly one of jobArn, document and documentSource");
        }
        var presigned = JobInputs.presignedUrl(request.presignedUrlConfig());
        var rollout = JobInputs.rollout(request.rolloutConfig());
        var abort = JobInputs.abort(request.abortConfig());
        var timeout = JobInputs.timeout(request.timeoutConfig());
        String jobArn = request.jobArn();
        String inlineDocument = request.document();
        String documentSource = request.documentSource();
        String givenDocument;
        if (inlineDocument != null) {
            givenDocument = JobInputs.document(inlineDocument);
        } else if (documentSource != null) {
            givenDocument = JobInputs.document(documentSources.resolve(documentSource));
        } else {
            givenDocument = null;
        }
        return run(u -> {
            if (u.tx.template(id).isPresent()) {
                throw new JobsException(JobsErrorType.CONFLICT, "job template " + id + " already exists");
            }
            JobTemplate template;
            if (jobArn != null) {
                String prefix = ns.arnPrefix() + "job/";
                if (!jobArn.startsWith(prefix)) {
                    throw Validation.invalid("jobArn must be a job ARN of " + prefix);
                }
                Job job = requireJob(u.tx, jobArn.substring(prefix.length())).job();
                template = new JobTemplate(
                        id,
                        ns.arn("jobtemplate", id),
                        description,
                        job.document(),
                        job.documentSource(),
                        presigned != null ? presigned : job.presignedUrlConfig(),
                        rollout != null ? rollout : job.rolloutConfig(),
                        abort != null ? abort : job.abortConfig(),
                        timeout != null ? timeout : job.timeoutConfig(),
                        u.now);
            } else if (givenDocument != null) {
                template = new JobTemplate(
                        id,
                        ns.arn("jobtemplate", id),
                        description,
                        givenDocument,
                        documentSource,
                        presigned,
                        rollout,
                        abort,
                        timeout,
                        u.now);
            } else {
                throw Validation.invalid("give exactly one of jobArn, document and documentSource");
            }
            u.tx.insertTemplate(template);
            return template;
        });
    }

    /** AWS IoT {@code DescribeJobTemplate}. */
    public JobTemplate describeJobTemplate(String jobTemplateId) {
        return store.transaction(
                ns,
                tx -> tx.template(jobTemplateId)
                        .orElseThrow(() -> new JobsException(
                                JobsErrorType.RESOURCE_NOT_FOUND,
                                "job template " + jobTemplateId + " does not exist")));
    }

    /** AWS IoT {@code ListJobTemplates}, newest first. */
    public Page<JobTemplate> listJobTemplates(@Nullable Integer maxResults, @Nullable String nextToken) {
        int limit = JobInputs.maxResults(maxResults);
        int offset = JobInputs.offset(nextToken);
        return store.transaction(ns, tx -> JobInputs.page(tx.templates(offset, limit + 1), offset, limit));
    }

    /** AWS IoT {@code DeleteJobTemplate}; jobs created from it keep their copy. */
    public void deleteJobTemplate(String jobTemplateId) {
        store.transaction(ns, tx -> {
            if (!tx.deleteTemplate(jobTemplateId)) {
                throw new JobsException(
                        JobsErrorType.RESOURCE_NOT_FOUND, "job template " + jobTemplateId + " does not exist");
            }
            return null;
        });
    }

    private JobTemplate templateFor(String arn) {
        String prefix = ns.arnPrefix() + "jobtemplate/";
        if (!arn.startsWith(prefix)) {
            throw Validation.invalid("jobTemplateArn must be a job template ARN of " + prefix);
        }
        return describeJobTemplate(arn.substring(prefix.length()));
    }

    // =====================================================================================================
    // Device side (iot-jobs-data and the jobs MQTT API)

    /** {@code GetPendingJobExecutions}: the thing's IN_PROGRESS and QUEUED executions. */
    public PendingExecutions getPendingExecutions(String thingName) {
        return store.transaction(ns, tx -> {
            List<JobExecution> inProgress = new ArrayList<>();
            List<JobExecution> queued = new ArrayList<>();
            for (JobExecution e : tx.pendingExecutions(thingName)) {
                (e.status() == JobExecutionStatus.IN_PROGRESS ? inProgress : queued).add(e);
            }
            return new PendingExecutions(inProgress, queued);
        });
    }

    /**
     * {@code StartNextPendingJobExecution}: the thing's next pending execution, which becomes IN_PROGRESS if it was
     * QUEUED (starting its timers); an execution already IN_PROGRESS is returned as it is. Empty when none is pending.
     */
    public Optional<ExecutionWithDocument> startNext(
            String thingName, @Nullable Map<String, String> statusDetails, @Nullable Long stepTimeoutInMinutes) {
        Validation.statusDetails(statusDetails);
        Validation.timeoutMinutes("stepTimeoutInMinutes", stepTimeoutInMinutes);
        return run(u -> {
            List<JobExecution> pending = u.tx.pendingExecutions(thingName);
            if (pending.isEmpty()) {
                return Optional.empty();
            }
            JobExecution next = pending.get(0);
            Job job = requireJob(u.tx, next.jobId()).job();
            if (next.status() == JobExecutionStatus.QUEUED) {
                next = u.move(
                        next,
                        JobExecutionStatus.IN_PROGRESS,
                        statusDetails != null ? statusDetails : next.statusDetails(),
                        false,
                        stepTimeoutInMinutes);
            }
            return Optional.of(new ExecutionWithDocument(next, job.document()));
        });
    }

    /**
     * {@code DescribeJobExecution} from the device: {@code jobId} may be {@code $next} (empty when nothing is
     * pending). A terminal execution is refused with TerminalStateReached ({@code iot-jobs-data}
     * TerminalStateException).
     */
    public Optional<ExecutionWithDocument> describeForDevice(
            String thingName, String jobId, @Nullable Long executionNumber) {
        return store.transaction(ns, tx -> {
            JobExecution e;
            if ("$next".equals(jobId)) {
                List<JobExecution> pending = tx.pendingExecutions(thingName);
                if (pending.isEmpty()) {
                    return Optional.empty();
                }
                e = pending.get(0);
            } else {
                e = requireExecution(tx, jobId, thingName, executionNumber);
                if (e.status().isTerminal()) {
                    throw new JobsException(
                            JobsErrorType.TERMINAL_STATE,
                            "the job execution of " + jobId + " on " + thingName + " is " + e.status(),
                            e);
                }
            }
            return Optional.of(
                    new ExecutionWithDocument(e, requireJob(tx, e.jobId()).job().document()));
        });
    }

    /**
     * {@code UpdateJobExecution}: moves the execution as {@link ExecutionTransitions} allows, checks
     * {@code expectedVersion} (VersionMismatch with the current state), replaces the status details when given and
     * starts or restarts the step timer.
     */
    public ExecutionWithDocument updateExecution(String thingName, String jobId, ExecutionUpdate update) {
        Validation.jobId(jobId);
        if (update.status() == null) {
            throw Validation.invalid("status is required");
        }
        Validation.statusDetails(update.statusDetails());
        Validation.timeoutMinutes("stepTimeoutInMinutes", update.stepTimeoutInMinutes());
        return run(u -> {
            u.tx.lockExecutions(jobId, thingName);
            JobExecution e = requireExecution(u.tx, jobId, thingName, update.executionNumber());
            checkVersion(e, update.expectedVersion());
            ExecutionTransitions.check(e, update.status(), ExecutionChange.DEVICE_UPDATE);
            JobExecution updated = u.move(
                    e,
                    update.status(),
                    update.statusDetails() != null ? update.statusDetails() : e.statusDetails(),
                    false,
                    update.stepTimeoutInMinutes());
            if (updated.status().isTerminal()) {
                settle(u, jobId);
            }
            return new ExecutionWithDocument(
                    updated, requireJob(u.tx, jobId).job().document());
        });
    }

    /** The timer of an execution: TIMED_OUT if it is still IN_PROGRESS and its deadline has passed. */
    void timeOut(String jobId, String thingName, long executionNumber) {
        run(u -> {
            u.tx.lockExecutions(jobId, thingName);
            Optional<JobExecution> found = u.tx.execution(jobId, thingName, executionNumber);
            if (found.isEmpty()) {
                return null;
            }
            JobExecution e = found.get();
            Instant deadline = e.timeoutDeadline();
            if (deadline == null || deadline.isAfter(u.now)) {
                return null;
            }
            u.move(e, JobExecutionStatus.TIMED_OUT, e.statusDetails(), false, null);
            settle(u, jobId);
            return null;
        });
    }

    private void scheduleTimeout(String jobId, String thingName, long executionNumber, Instant at) {
        scheduler.schedule(at, () -> timeOut(jobId, thingName, executionNumber));
    }

    // =====================================================================================================
    // Rules after an execution finished

    /**
     * After executions of {@code jobId} finished or left: the abort criteria (developer guide, "Job rollout,
     * scheduling, and abort configurations": once {@code minNumberOfExecutedThings} executions have finished, the job
     * is canceled when the share of {@code failureType} among them reaches {@code thresholdPercentage}), then the
     * completion of a SNAPSHOT job whose targets all finished.
     */
    private void settle(Unit u, String jobId) throws SQLException {
        Optional<StoredJob> found = u.tx.job(jobId);
        if (found.isEmpty() || found.get().job().status() != JobStatus.IN_PROGRESS) {
            return;
        }
        StoredJob stored = found.get();
        Job job = stored.job();
        JobProcessDetails d = u.tx.processDetails(jobId);
        AbortConfig abort = job.abortConfig();
        if (abort != null) {
            long executed = d.numberOfSucceededThings()
                    + d.numberOfFailedThings()
                    + d.numberOfRejectedThings()
                    + d.numberOfTimedOutThings();
            for (AbortCriteria c : abort.criteriaList()) {
                long failures = switch (c.failureType()) {
                    case FAILED -> d.numberOfFailedThings();
                    case REJECTED -> d.numberOfRejectedThings();
                    case TIMED_OUT -> d.numberOfTimedOutThings();
                    case ALL -> d.numberOfFailedThings() + d.numberOfRejectedThings() + d.numberOfTimedOutThings();
                };
                if (executed >= c.minNumberOfExecutedThings()
                        && failures * 100.0 >= c.thresholdPercentage() * executed) {
                    u.tx.updateJob(stored, withStatus(job, JobStatus.CANCELED, u.now, false, null, null), null);
                    cancelExecutions(u, jobId, false);
                    for (String thing : u.tx.pendingTargets(jobId, Integer.MAX_VALUE)) {
                        u.tx.deletePendingTarget(jobId, thing);
                    }
                    LOG.info(
                            "job {} aborted: {} of {} executions {}",
                            LogText.of(jobId),
                            failures,
                            executed,
                            c.failureType());
                    return;
                }
            }
        }
        if (job.targetSelection() == TargetSelection.SNAPSHOT
                && d.processingTargets() == null
                && d.numberOfQueuedThings() == 0
                && d.numberOfInProgressThings() == 0) {
            u.tx.updateJob(stored, withStatus(job, JobStatus.COMPLETED, u.now, false, null, null), null);
        }
    }

    // =====================================================================================================
    // Helpers

    private StoredJob requireJob(Tx tx, String jobId) throws SQLException {
        return tx.job(jobId)
                .orElseThrow(
                        () -> new JobsException(JobsErrorType.RESOURCE_NOT_FOUND, "job " + jobId + " does not exist"));
    }

    private JobExecution requireExecution(Tx tx, String jobId, String thingName, @Nullable Long number)
            throws SQLException {
        return tx.execution(jobId, thingName, number)
                .orElseThrow(() -> new JobsException(
                        JobsErrorType.RESOURCE_NOT_FOUND,
                        "no job execution of " + jobId + " on " + thingName
                                + (number == null ? "" : " with execution number " + number)));
    }

    private static void checkVersion(JobExecution e, @Nullable Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != e.versionNumber()) {
            throw new JobsException(
                    JobsErrorType.VERSION_MISMATCH,
                    "the job execution has version " + e.versionNumber() + ", not " + expectedVersion,
                    e);
        }
    }

    @FunctionalInterface
    private interface UnitWork<T extends @Nullable Object> {
        T run(Unit u) throws SQLException;
    }

    private record Done<T extends @Nullable Object>(
            T result, List<ThingJobsChanged> changes, List<Runnable> afterCommit) {}

    /** Runs {@code work} in one transaction, then tells the touched things and schedules the new timers. */
    private <T extends @Nullable Object> T run(UnitWork<T> work) {
        Done<T> done = store.transaction(ns, tx -> {
            Unit u = new Unit(tx, clock.instant());
            T result = work.run(u);
            return new Done<>(result, u.changes(), u.afterCommit);
        });
        for (Runnable r : done.afterCommit()) {
            r.run();
        }
        for (ThingJobsChanged change : done.changes()) {
            try {
                announce(change);
            } catch (RuntimeException e) {
                LOG.warn("jobs notification for a thing failed", e);
            }
        }
        return done.result();
    }

    /** What a thing's devices were last told: its pending executions and its next one (keys only). */
    private record Announced(List<String> pending, @Nullable String next) {}

    /**
     * Tells a thing's devices about a committed change, in commit order. Two transactions that touch one thing may
     * reach this point in either order, so the thing's current state is read again under the thing's stripe lock and
     * compared with what was last announced: the last publication always shows the latest state, and nothing is
     * announced twice ("Jobs notifications": notify-next only when the next execution changes). Before the first
     * announcement since start, the transaction's own comparison decides.
     */
    private void announce(ThingJobsChanged fromTransaction) {
        String thing = fromTransaction.thingName();
        synchronized (stripes[Math.floorMod(thing.hashCode(), stripes.length)]) {
            ThingJobsChanged now = store.transaction(ns, tx -> {
                List<JobExecution> pending = tx.pendingExecutions(thing);
                JobExecution next = pending.isEmpty() ? null : pending.get(0);
                String document = next == null
                        ? null
                        : tx.job(next.jobId()).map(j -> j.job().document()).orElse(null);
                return new ThingJobsChanged(thing, false, pending, false, next, document, clock.instant());
            });
            Announced current = new Announced(keys(now.pending()), key(now.next()));
            Announced last = announced.put(thing, current);
            boolean pendingChanged = last == null
                    ? fromTransaction.pendingChanged()
                    : !last.pending().equals(current.pending());
            boolean nextChanged =
                    last == null ? fromTransaction.nextChanged() : !Objects.equals(last.next(), current.next());
            if (pendingChanged || nextChanged) {
                notifications.changed(new ThingJobsChanged(
                        thing, pendingChanged, now.pending(), nextChanged, now.next(), now.nextDocument(), now.at()));
            }
        }
    }

    /** One transaction's work: the things it touched (with their pending list before) and what to do after commit. */
    private final class Unit {
        final Tx tx;
        final Instant now;
        final Map<String, List<JobExecution>> before = new LinkedHashMap<>();
        final List<Runnable> afterCommit = new ArrayList<>();

        Unit(Tx tx, Instant now) {
            this.tx = tx;
            this.now = now;
        }

        void touch(String thingName) throws SQLException {
            if (!before.containsKey(thingName)) {
                before.put(thingName, tx.pendingExecutions(thingName));
            }
        }

        /** Queues a new execution of {@code job} on {@code thingName} (the next execution number). */
        void queue(Job job, String thingName) throws SQLException {
            touch(thingName);
            long number = tx.execution(job.jobId(), thingName, null)
                            .map(JobExecution::executionNumber)
                            .orElse(0L)
                    + 1;
            tx.insertExecution(new JobExecution(
                    job.jobId(),
                    thingName,
                    number,
                    JobExecutionStatus.QUEUED,
                    Map.of(),
                    false,
                    now,
                    null,
                    now,
                    1,
                    null,
                    null));
            tx.markRolledOut(job.jobId(), thingName, now);
        }

        /**
         * Writes {@code e} in status {@code to} with version + 1. Entering IN_PROGRESS starts the job's in-progress
         * timer; {@code stepMinutes} (re)starts the step timer; a terminal status stops both.
         */
        JobExecution move(
                JobExecution e,
                JobExecutionStatus to,
                Map<String, String> details,
                boolean forceCanceled,
                @Nullable Long stepMinutes)
                throws SQLException {
            if (to != e.status()) {
                // Only a change of status can change the thing's pending list or its next execution (IN_PROGRESS
                // sorts first); progress reports (IN_PROGRESS to IN_PROGRESS) skip the two list reads.
                touch(e.thingName());
            }
            Instant startedAt = e.startedAt();
            Instant inProgressDeadline = e.inProgressDeadline();
            Instant stepDeadline = e.stepDeadline();
            if (to == JobExecutionStatus.IN_PROGRESS && e.status() == JobExecutionStatus.QUEUED) {
                startedAt = now;
                Job job = requireJob(tx, e.jobId()).job();
                Long minutes =
                        job.timeoutConfig() == null ? null : job.timeoutConfig().inProgressTimeoutInMinutes();
                inProgressDeadline = minutes == null ? null : now.plus(Duration.ofMinutes(minutes));
            }
            if (to == JobExecutionStatus.IN_PROGRESS && stepMinutes != null) {
                stepDeadline = now.plus(Duration.ofMinutes(stepMinutes));
            }
            if (to.isTerminal()) {
                inProgressDeadline = null;
                stepDeadline = null;
            }
            JobExecution moved = new JobExecution(
                    e.jobId(),
                    e.thingName(),
                    e.executionNumber(),
                    to,
                    details,
                    e.forceCanceled() || forceCanceled,
                    e.queuedAt(),
                    startedAt,
                    now,
                    e.versionNumber() + 1,
                    inProgressDeadline,
                    stepDeadline);
            tx.updateExecution(moved, e.versionNumber());
            Instant deadline = moved.timeoutDeadline();
            if (deadline != null && !deadline.equals(e.timeoutDeadline())) {
                afterCommit.add(() -> scheduleTimeout(e.jobId(), e.thingName(), e.executionNumber(), deadline));
            }
            return moved;
        }

        /** Compares each touched thing's pending list with its list before the transaction. */
        List<ThingJobsChanged> changes() throws SQLException {
            List<ThingJobsChanged> changes = new ArrayList<>();
            for (Map.Entry<String, List<JobExecution>> entry : before.entrySet()) {
                List<JobExecution> after = tx.pendingExecutions(entry.getKey());
                boolean pendingChanged = !keys(entry.getValue()).equals(keys(after));
                JobExecution nextBefore =
                        entry.getValue().isEmpty() ? null : entry.getValue().get(0);
                JobExecution next = after.isEmpty() ? null : after.get(0);
                boolean nextChanged = !Objects.equals(key(nextBefore), key(next));
                if (!pendingChanged && !nextChanged) {
                    continue;
                }
                String document = next == null
                        ? null
                        : tx.job(next.jobId()).map(s -> s.job().document()).orElse(null);
                changes.add(
                        new ThingJobsChanged(entry.getKey(), pendingChanged, after, nextChanged, next, document, now));
            }
            return changes;
        }
    }

    private static List<String> keys(List<JobExecution> executions) {
        return executions.stream().map(JobsService::keyOf).sorted().toList();
    }

    private static @Nullable String key(@Nullable JobExecution e) {
        return e == null ? null : keyOf(e);
    }

    private static String keyOf(JobExecution e) {
        return e.jobId() + "#" + e.executionNumber();
    }
}
