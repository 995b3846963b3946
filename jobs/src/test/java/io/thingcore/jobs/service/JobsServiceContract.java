package io.thingcore.jobs.service;

import static io.thingcore.jobs.model.JobExecutionStatus.CANCELED;
import static io.thingcore.jobs.model.JobExecutionStatus.FAILED;
import static io.thingcore.jobs.model.JobExecutionStatus.IN_PROGRESS;
import static io.thingcore.jobs.model.JobExecutionStatus.QUEUED;
import static io.thingcore.jobs.model.JobExecutionStatus.SUCCEEDED;
import static io.thingcore.jobs.model.JobExecutionStatus.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.jobs.model.AbortConfig;
import io.thingcore.jobs.model.AbortCriteria;
import io.thingcore.jobs.model.Job;
import io.thingcore.jobs.model.JobExecution;
import io.thingcore.jobs.model.JobExecutionStatus;
import io.thingcore.jobs.model.JobStatus;
import io.thingcore.jobs.model.JobsErrorType;
import io.thingcore.jobs.model.JobsException;
import io.thingcore.jobs.model.RolloutConfig;
import io.thingcore.jobs.model.TargetSelection;
import io.thingcore.jobs.model.TimeoutConfig;
import io.thingcore.jobs.store.JobStore;
import io.thingcore.jobs.testing.ManualScheduler;
import io.thingcore.jobs.testing.TestDatabases;
import io.thingcore.registry.Account;
import io.thingcore.storage.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The jobs service on a real store, as an AWS IoT Jobs user sees it: the API reference's operations and errors, the
 * developer guide's rollout, timeout, abort and cancel rules. Time moves only through the manual scheduler.
 */
abstract class JobsServiceContract {
    static final Account NS = new Account("123456789012", "eu-west-1");
    static final String DOC = "{\"operation\":\"reboot\"}";

    final ManualScheduler time = new ManualScheduler(Instant.parse("2026-12-02T10:00:00Z"));
    final Set<String> existingThings = new HashSet<>(Set.of("t1", "t2", "t3", "t4", "t5"));
    final List<ThingJobsChanged> changes = new CopyOnWriteArrayList<>();
    TestDatabases.Database database;
    Storage pool;
    JobsService jobs;

    abstract TestDatabases.Database database() throws Exception;

    @BeforeEach
    void open() throws Exception {
        database = database();
        reopen();
    }

    void reopen() throws Exception {
        if (pool != null) {
            pool.close();
        }
        pool = database.open();
        jobs = new JobsService(
                NS,
                JobStore.open(pool),
                time,
                time,
                existingThings::contains,
                DocumentSourceResolver.NONE,
                changes::add);
        jobs.start();
    }

    @AfterEach
    void close() throws Exception {
        if (pool != null) {
            pool.close();
        }
        if (database != null) {
            database.close();
        }
    }

    static List<String> arns(String... things) {
        return Arrays.stream(things).map(NS::thingArn).toList();
    }

    static void assertRefused(ThrowingCallable call, JobsErrorType type) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        JobsException.class, e -> assertThat(e.type()).isEqualTo(type));
    }

    Job create(String jobId, String... things) {
        return jobs.createJob(CreateJobRequest.of(jobId, arns(things), DOC));
    }

    static CreateJobRequest request(
            String jobId, List<String> targets, RolloutConfig rollout, AbortConfig abort, TimeoutConfig timeout) {
        return new CreateJobRequest(jobId, targets, DOC, null, null, null, null, rollout, abort, timeout, null);
    }

    @Test
    void createJob_queuesOneExecutionPerThing_andNotifiesEachThing() {
        Job job = create("job-1", "t1", "t2");
        assertThat(job.jobArn()).isEqualTo("arn:aws:iot:eu-west-1:123456789012:job/job-1");
        Job described = jobs.describeJob("job-1");
        assertThat(described.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(described.targetSelection()).isEqualTo(TargetSelection.SNAPSHOT);
        assertThat(described.processDetails().numberOfQueuedThings()).isEqualTo(2);
        assertThat(described.processDetails().processingTargets()).isNull();
        JobExecution e = jobs.describeExecution("job-1", "t1", null);
        assertThat(e.status()).isEqualTo(QUEUED);
        assertThat(e.executionNumber()).isEqualTo(1);
        assertThat(e.versionNumber()).isEqualTo(1);
        assertThat(changes).extracting(ThingJobsChanged::thingName).containsExactlyInAnyOrder("t1", "t2");
        assertThat(changes).allSatisfy(c -> {
            assertThat(c.pendingChanged()).isTrue();
            assertThat(c.nextChanged()).isTrue();
            assertThat(c.nextDocument()).isEqualTo(DOC);
        });
        assertThat(jobs.getJobDocument("job-1")).isEqualTo(DOC);
    }

    @Test
    void createJob_refusesWhatAwsRefuses() {
        create("job-1", "t1");
        assertRefused(() -> create("job-1", "t2"), JobsErrorType.RESOURCE_ALREADY_EXISTS);
        assertRefused(() -> create("bad id!", "t1"), JobsErrorType.INVALID_REQUEST);
        assertRefused(() -> create("job-2", "nobody"), JobsErrorType.RESOURCE_NOT_FOUND);
        assertRefused(
                () -> jobs.createJob(CreateJobRequest.of("job-3", List.of(NS.arnPrefix() + "thinggroup/floor-1"), DOC)),
                JobsErrorType.RESOURCE_NOT_FOUND);
        assertRefused(
                () -> jobs.createJob(
                        CreateJobRequest.of("job-3", List.of("arn:aws:iot:us-east-1:999999999999:thing/t1"), DOC)),
                JobsErrorType.INVALID_REQUEST);
        assertRefused(
                () -> jobs.createJob(CreateJobRequest.of("job-3", arns("t1"), "not json")),
                JobsErrorType.INVALID_REQUEST);
        assertRefused(
                () -> jobs.createJob(new CreateJobRequest(
                        "job-3",
                        arns("t1"),
                        null,
                        "https://s3.amazonaws.com/b/k",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)),
                JobsErrorType.INVALID_REQUEST);
        assertRefused(
                () -> jobs.createJob(request("job-3", arns("t1"), null, null, new TimeoutConfig(10_081L))),
                JobsErrorType.INVALID_REQUEST);
        assertRefused(
                () -> jobs.createJob(request("job-3", arns("t1"), new RolloutConfig(1001), null, null)),
                JobsErrorType.INVALID_REQUEST);
        assertThat(jobs.listJobs(null, null, null, null).items())
                .extracting(Job::jobId)
                .containsExactly("job-1");
    }

    @Test
    void deviceLifecycle_startNextThenSucceeded_completesTheSnapshotJob() {
        create("job-1", "t1");
        ExecutionWithDocument started =
                jobs.startNext("t1", Map.of("step", "download"), null).orElseThrow();
        assertThat(started.execution().status()).isEqualTo(IN_PROGRESS);
        assertThat(started.execution().versionNumber()).isEqualTo(2);
        assertThat(started.execution().startedAt()).isEqualTo(time.instant());
        assertThat(started.jobDocument()).isEqualTo(DOC);
        time.advance(Duration.ofSeconds(30));
        ExecutionWithDocument done = jobs.updateExecution(
                "t1", "job-1", new ExecutionUpdate(SUCCEEDED, Map.of("result", "ok"), 2L, null, null));
        assertThat(done.execution().status()).isEqualTo(SUCCEEDED);
        assertThat(done.execution().versionNumber()).isEqualTo(3);
        Job job = jobs.describeJob("job-1");
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.completedAt()).isEqualTo(time.instant());
        assertThat(job.processDetails().numberOfSucceededThings()).isEqualTo(1);
        assertThat(jobs.startNext("t1", null, null)).isEmpty();
        assertRefused(
                () -> jobs.updateExecution("t1", "job-1", new ExecutionUpdate(IN_PROGRESS, null, null, null, null)),
                JobsErrorType.INVALID_STATE_TRANSITION);
        assertRefused(() -> jobs.describeForDevice("t1", "job-1", null), JobsErrorType.TERMINAL_STATE);
    }

    @Test
    void expectedVersionMismatch_isRefusedWithTheCurrentState() {
        create("job-1", "t1");
        assertThatThrownBy(() ->
                        jobs.updateExecution("t1", "job-1", new ExecutionUpdate(IN_PROGRESS, null, 7L, null, null)))
                .isInstanceOfSatisfying(JobsException.class, e -> {
                    assertThat(e.type()).isEqualTo(JobsErrorType.VERSION_MISMATCH);
                    assertThat(e.current().versionNumber()).isEqualTo(1);
                });
        assertThat(jobs.describeExecution("job-1", "t1", null).status()).isEqualTo(QUEUED);
    }

    @Test
    void continuousJob_staysInProgressAfterItsThingsFinish() {
        jobs.createJob(new CreateJobRequest(
                "job-c", arns("t1"), DOC, null, null, null, TargetSelection.CONTINUOUS, null, null, null, null));
        jobs.updateExecution("t1", "job-c", new ExecutionUpdate(SUCCEEDED, null, null, null, null));
        assertThat(jobs.describeJob("job-c").status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(jobs.listJobs(null, TargetSelection.CONTINUOUS, null, null).items())
                .hasSize(1);
    }

    @Test
    void inProgressTimeout_turnsTheExecutionTimedOut() {
        jobs.createJob(request("job-t", arns("t1"), null, null, new TimeoutConfig(10L)));
        jobs.startNext("t1", null, null);
        assertThat(jobs.describeExecution("job-t", "t1", null).approximateSecondsBeforeTimedOut(time.instant()))
                .isEqualTo(600);
        time.advance(Duration.ofMinutes(9));
        assertThat(jobs.describeExecution("job-t", "t1", null).status()).isEqualTo(IN_PROGRESS);
        time.advance(Duration.ofMinutes(1));
        JobExecution e = jobs.describeExecution("job-t", "t1", null);
        assertThat(e.status()).isEqualTo(TIMED_OUT);
        assertThat(jobs.describeJob("job-t").status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.describeJob("job-t").processDetails().numberOfTimedOutThings())
                .isEqualTo(1);
    }

    @Test
    void stepTimeout_isRestartedByAnInProgressUpdate() {
        create("job-s", "t1");
        jobs.startNext("t1", null, 5L);
        time.advance(Duration.ofMinutes(4));
        jobs.updateExecution("t1", "job-s", new ExecutionUpdate(IN_PROGRESS, Map.of("p", "50"), null, null, 5L));
        time.advance(Duration.ofMinutes(4));
        assertThat(jobs.describeExecution("job-s", "t1", null).status()).isEqualTo(IN_PROGRESS);
        time.advance(Duration.ofMinutes(1));
        assertThat(jobs.describeExecution("job-s", "t1", null).status()).isEqualTo(TIMED_OUT);
    }

    @Test
    void timersSurviveAReopen() throws Exception {
        jobs.createJob(request("job-r", arns("t1"), null, null, new TimeoutConfig(3L)));
        jobs.startNext("t1", null, null);
        ManualScheduler before = time;
        assertThat(before.pending()).isEqualTo(1);
        // A new process: the old scheduler's task is lost with it; start() schedules the deadline again.
        reopenWithFreshScheduler();
        assertThat(jobs.describeExecution("job-r", "t1", null).status()).isEqualTo(IN_PROGRESS);
        freshTime.advance(Duration.ofMinutes(3));
        assertThat(jobs.describeExecution("job-r", "t1", null).status()).isEqualTo(TIMED_OUT);
    }

    ManualScheduler freshTime;

    void reopenWithFreshScheduler() throws Exception {
        pool.close();
        pool = database.open();
        freshTime = new ManualScheduler(time.instant());
        jobs = new JobsService(
                NS,
                JobStore.open(pool),
                freshTime,
                freshTime,
                existingThings::contains,
                DocumentSourceResolver.NONE,
                changes::add);
        jobs.start();
    }

    @Test
    void rollout_notifiesAtMostMaximumPerMinute() {
        jobs.createJob(request("job-roll", arns("t1", "t2", "t3", "t4", "t5"), new RolloutConfig(2), null, null));
        assertThat(jobs.listExecutionsForJob("job-roll", null, null, null).items())
                .hasSize(2);
        assertThat(jobs.describeJob("job-roll").processDetails().processingTargets())
                .containsExactly("t3", "t4", "t5");
        time.advance(Duration.ofMinutes(1));
        assertThat(jobs.listExecutionsForJob("job-roll", null, null, null).items())
                .hasSize(4);
        time.advance(Duration.ofMinutes(1));
        assertThat(jobs.listExecutionsForJob("job-roll", null, null, null).items())
                .hasSize(5);
        assertThat(jobs.describeJob("job-roll").processDetails().processingTargets())
                .isNull();
    }

    @Test
    void abortConfig_cancelsTheJobAtTheFailureThreshold() {
        AbortConfig abort = new AbortConfig(
                List.of(new AbortCriteria(AbortCriteria.FailureType.FAILED, AbortCriteria.CANCEL, 50, 2)));
        jobs.createJob(request("job-a", arns("t1", "t2", "t3", "t4"), null, abort, null));
        jobs.updateExecution("t1", "job-a", new ExecutionUpdate(FAILED, null, null, null, null));
        assertThat(jobs.describeJob("job-a").status()).isEqualTo(JobStatus.IN_PROGRESS); // 1 executed < 2
        jobs.updateExecution("t2", "job-a", new ExecutionUpdate(SUCCEEDED, null, null, null, null));
        Job job = jobs.describeJob("job-a"); // 1 failed of 2 executed = 50 %
        assertThat(job.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(job.processDetails().numberOfCanceledThings()).isEqualTo(2);
    }

    @Test
    void cancelJob_withoutForceLeavesInProgressExecutions_forceCancelsThem() {
        create("job-x", "t1", "t2");
        jobs.startNext("t1", null, null);
        Job canceled = jobs.cancelJob("job-x", "OPERATOR_CHANGE", "wrong image", false);
        assertThat(canceled.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(canceled.forceCanceled()).isFalse();
        assertThat(jobs.describeExecution("job-x", "t1", null).status()).isEqualTo(IN_PROGRESS);
        assertThat(jobs.describeExecution("job-x", "t2", null).status()).isEqualTo(CANCELED);
        assertRefused(() -> jobs.cancelJob("job-x", null, null, false), JobsErrorType.INVALID_REQUEST);
        Job forced = jobs.cancelJob("job-x", null, null, true);
        assertThat(forced.forceCanceled()).isTrue();
        JobExecution e = jobs.describeExecution("job-x", "t1", null);
        assertThat(e.status()).isEqualTo(CANCELED);
        assertThat(e.forceCanceled()).isTrue();
        Job described = jobs.describeJob("job-x");
        assertThat(described.reasonCode()).isEqualTo("OPERATOR_CHANGE");
        assertThat(described.comment()).isEqualTo("wrong image");
    }

    @Test
    void cancelExecution_rules() {
        create("job-y", "t1", "t2");
        jobs.startNext("t1", null, null);
        assertRefused(
                () -> jobs.cancelExecution("job-y", "t1", false, null, null), JobsErrorType.INVALID_STATE_TRANSITION);
        assertRefused(() -> jobs.cancelExecution("job-y", "t1", true, 1L, null), JobsErrorType.VERSION_MISMATCH);
        assertThat(jobs.cancelExecution("job-y", "t1", true, 2L, Map.of("why", "stuck"))
                        .status())
                .isEqualTo(CANCELED);
        assertThat(jobs.cancelExecution("job-y", "t2", false, null, null).status())
                .isEqualTo(CANCELED);
        assertRefused(
                () -> jobs.cancelExecution("job-y", "t2", true, null, null), JobsErrorType.INVALID_STATE_TRANSITION);
        assertThat(jobs.describeJob("job-y").status()).isEqualTo(JobStatus.COMPLETED);
        assertRefused(() -> jobs.cancelExecution("job-y", "t3", false, null, null), JobsErrorType.RESOURCE_NOT_FOUND);
    }

    @Test
    void deleteRules_forJobsAndExecutions() {
        create("job-d", "t1");
        assertRefused(() -> jobs.deleteExecution("job-d", "t1", 1, false), JobsErrorType.INVALID_STATE_TRANSITION);
        assertRefused(() -> jobs.deleteJob("job-d", false), JobsErrorType.INVALID_STATE_TRANSITION);
        jobs.deleteJob("job-d", true);
        assertThat(jobs.describeJob("job-d").status()).isEqualTo(JobStatus.DELETION_IN_PROGRESS);
        assertThat(jobs.getPendingExecutions("t1").queuedJobs()).isEmpty();
        assertRefused(() -> create("job-d", "t1"), JobsErrorType.RESOURCE_ALREADY_EXISTS);
        time.runDue();
        assertRefused(() -> jobs.describeJob("job-d"), JobsErrorType.RESOURCE_NOT_FOUND);
        create("job-d", "t1");
        jobs.updateExecution("t1", "job-d", new ExecutionUpdate(SUCCEEDED, null, null, null, null));
        jobs.deleteExecution("job-d", "t1", 1, false);
        assertRefused(() -> jobs.describeExecution("job-d", "t1", 1L), JobsErrorType.RESOURCE_NOT_FOUND);
        jobs.deleteJob("job-d", false);
    }

    @Test
    void templates_createDescribeListDelete_andJobsFromThem() {
        jobs.createJobTemplate(new CreateJobTemplateRequest(
                "tpl-1", null, DOC, null, "reboot all", null, null, null, new TimeoutConfig(30L)));
        assertRefused(
                () -> jobs.createJobTemplate(
                        new CreateJobTemplateRequest("tpl-1", null, DOC, null, "again", null, null, null, null)),
                JobsErrorType.CONFLICT);
        assertThat(jobs.describeJobTemplate("tpl-1").timeoutConfig().inProgressTimeoutInMinutes())
                .isEqualTo(30);
        Job fromTemplate = jobs.createJob(new CreateJobRequest(
                "job-tpl", arns("t1"), null, null, null, null, null, null, null, null, NS.arn("jobtemplate", "tpl-1")));
        assertThat(fromTemplate.document()).isEqualTo(DOC);
        assertThat(fromTemplate.timeoutConfig().inProgressTimeoutInMinutes()).isEqualTo(30);
        assertThat(fromTemplate.jobTemplateArn()).isEqualTo(NS.arn("jobtemplate", "tpl-1"));
        jobs.createJobTemplate(new CreateJobTemplateRequest(
                "tpl-2", NS.arn("job", "job-tpl"), null, null, "copy", null, null, null, null));
        assertThat(jobs.describeJobTemplate("tpl-2").document()).isEqualTo(DOC);
        assertThat(jobs.listJobTemplates(1, null).items()).hasSize(1);
        assertThat(jobs.listJobTemplates(1, null).nextToken()).isNotNull();
        jobs.deleteJobTemplate("tpl-1");
        assertRefused(() -> jobs.describeJobTemplate("tpl-1"), JobsErrorType.RESOURCE_NOT_FOUND);
    }

    @Test
    void listings_pageWithTokens() {
        IntStream.range(0, 5).forEach(i -> create("job-" + i, "t1"));
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            Page<JobExecution> page = jobs.listExecutionsForThing("t1", null, null, 2, token);
            page.items().forEach(e -> seen.add(e.jobId()));
            token = page.nextToken();
        } while (token != null);
        assertThat(seen).containsExactlyInAnyOrder("job-0", "job-1", "job-2", "job-3", "job-4");
        assertThat(jobs.listExecutionsForThing("t1", JobExecutionStatus.SUCCEEDED, null, null, null)
                        .items())
                .isEmpty();
        assertRefused(() -> jobs.listJobs(null, null, 251, null), JobsErrorType.INVALID_REQUEST);
    }

    @Test
    void thingDeleted_removesItsPendingExecutions() {
        create("job-1", "t1");
        jobs.thingDeleted("t1");
        assertThat(jobs.describeExecution("job-1", "t1", null).status()).isEqualTo(JobExecutionStatus.REMOVED);
        assertThat(jobs.describeJob("job-1").status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void stateSurvivesAReopen() throws Exception {
        create("job-1", "t1", "t2");
        jobs.startNext("t1", Map.of("k", "v"), null);
        reopen();
        JobExecution e = jobs.describeExecution("job-1", "t1", null);
        assertThat(e.status()).isEqualTo(IN_PROGRESS);
        assertThat(e.statusDetails()).containsEntry("k", "v");
        assertThat(jobs.describeJob("job-1").processDetails().numberOfQueuedThings())
                .isEqualTo(1);
    }

    @Test
    void concurrentUpdatesOfOneExecution_neverLoseAVersion() throws Exception {
        create("job-1", "t1");
        jobs.startNext("t1", null, null);
        int threads = 4;
        int each = 10;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int n = t;
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    jobs.updateExecution(
                            "t1", "job-1", new ExecutionUpdate(IN_PROGRESS, Map.of("w" + n, "" + i), null, null, null));
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        assertThat(jobs.describeExecution("job-1", "t1", null).versionNumber()).isEqualTo(2 + threads * each);
    }

    @Test
    void concurrentChangesOfOneThing_lastNotificationsShowItsFinalState() throws Exception {
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int n = t;
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 5; i++) {
                    String jobId = "race-" + n + "-" + i;
                    create(jobId, "t1");
                    if (i % 2 == 0) {
                        jobs.updateExecution("t1", jobId, new ExecutionUpdate(SUCCEEDED, null, null, null, null));
                    }
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        PendingExecutions pending = jobs.getPendingExecutions("t1");
        assertThat(pending.queuedJobs()).hasSize(8); // i = 1 and 3 of each worker
        ThingJobsChanged lastNext = null;
        ThingJobsChanged lastPending = null;
        for (ThingJobsChanged c : changes) {
            if (c.nextChanged()) {
                lastNext = c;
            }
            if (c.pendingChanged()) {
                lastPending = c;
            }
        }
        assertThat(lastNext.next().jobId())
                .isEqualTo(jobs.describeForDevice("t1", "$next", null)
                        .orElseThrow()
                        .execution()
                        .jobId());
        assertThat(lastPending.pending())
                .extracting(JobExecution::jobId)
                .containsExactlyInAnyOrderElementsOf(
                        pending.queuedJobs().stream().map(JobExecution::jobId).toList());
        // Never the same next execution twice in a row: notify-next only when it changes.
        String previous = null;
        for (ThingJobsChanged c : changes) {
            if (c.nextChanged()) {
                String key = c.next() == null ? "none" : c.next().jobId();
                assertThat(key).isNotEqualTo(previous);
                previous = key;
            }
        }
    }
}
