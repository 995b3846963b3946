package io.thingcore.jobs.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thingcore.jobs.model.AbortConfig;
import io.thingcore.jobs.model.Job;
import io.thingcore.jobs.model.JobExecution;
import io.thingcore.jobs.model.JobExecutionStatus;
import io.thingcore.jobs.model.JobProcessDetails;
import io.thingcore.jobs.model.JobStatus;
import io.thingcore.jobs.model.JobTemplate;
import io.thingcore.jobs.model.PresignedUrlConfig;
import io.thingcore.jobs.model.RolloutConfig;
import io.thingcore.jobs.model.TargetSelection;
import io.thingcore.jobs.model.TimeoutConfig;
import io.thingcore.registry.Account;
import io.thingcore.storage.Database;
import io.thingcore.storage.MigrationTrack;
import io.thingcore.storage.Sql;
import io.thingcore.storage.Storage;
import io.thingcore.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The JDBC store of jobs, their targets, job executions and job templates, on the gateway's storage core
 * ({@link Database}: SQLite or PostgreSQL, the same SQL; its own migration track {@link #TRACK}). Every key starts with the account and region. Each {@link #transaction} runs on one
 * connection and commits or rolls back as a whole; a row changed concurrently (its version moved on) or a key inserted
 * concurrently makes the store run the transaction again, up to {@value #ATTEMPTS} times after a short random pause
 * (so that writers racing for one row spread out), so callers never see a lost update and never hold a lock across
 * calls.
 *
 * <p>Threads: any; blocking (JDBC). Never call it on an event loop.
 */
public final class JobStore {
    static final int ATTEMPTS = 20;
    static final ObjectMapper JSON = new ObjectMapper()
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {};

    /** The jobs store's schema scripts, applied by the storage core ({@code Storage.migrate}) before the store opens. */
    public static final MigrationTrack TRACK =
            new MigrationTrack("jobs", "/io/thingcore/jobs/store/migrations/", List.of("V001__jobs.sql"));

    private final Database database;

    private JobStore(Database database) {
        this.database = database;
    }

    /** Opens the store on the gateway's storage: applies the scripts of {@link #TRACK} the database lacks. */
    public static JobStore open(Storage storage) {
        storage.migrate(TRACK, Map.of());
        return new JobStore(storage.database());
    }

    /** A unit of work in one transaction. */
    @FunctionalInterface
    public interface Work<T extends @Nullable Object> {
        T run(Tx tx) throws SQLException;
    }

    /**
     * Runs {@code work} in one write transaction of {@code namespace} (on SQLite, one savepoint of the storage core's
     * writer) and commits it; runs it again after a concurrent change. An exception from {@code work} rolls back and
     * propagates (a {@code JobsException} changes nothing).
     */
    public <T extends @Nullable Object> T transaction(Account namespace, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return database.write(sql -> work.run(new Tx(sql.connection(), namespace)));
            } catch (ConcurrentChangeException e) {
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException("jobs store: " + e.getMessage() + ", " + ATTEMPTS + " times", e);
                }
                pause(attempt);
            } catch (StorageException e) {
                if (e.getCause() instanceof SQLException cause && isUniqueViolation(cause) && attempt < ATTEMPTS) {
                    pause(attempt);
                    continue;
                }
                throw new IllegalStateException("jobs store: " + e.getMessage(), e);
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L + 2L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a jobs store transaction", e);
        }
    }

    /** PostgreSQL SQLSTATE 23505; SQLite SQLITE_CONSTRAINT (19) with a UNIQUE or PRIMARY KEY message. */
    static boolean isUniqueViolation(SQLException e) {
        if ("23505".equals(e.getSQLState())) {
            return true;
        }
        String message = e.getMessage();
        return message != null
                && (message.contains("UNIQUE constraint failed") || message.contains("PRIMARY KEY constraint failed"));
    }

    /** Where a job's timers and rollout stand: what a restart schedules again. */
    public record PendingWork(String jobId, @Nullable Instant nextRolloutAt, JobStatus status) {}

    /** An execution's key and the deadline of its earlier timer. */
    public record Deadline(String jobId, String thingName, long executionNumber, Instant at) {}

    /** The data access of one transaction, in one namespace. */
    public static final class Tx {
        private final Connection c;
        private final Account ns;

        Tx(Connection c, Account ns) {
            this.c = c;
            this.ns = ns;
        }

        // ---- jobs

        private static final String JOB_COLUMNS = "job_id, status, target_selection, targets, description, document,"
                + " document_source, presigned_url_config, rollout_config, abort_config, timeout_config,"
                + " job_template_arn, force_canceled, reason_code, comment, created_at, last_updated_at, completed_at,"
                + " next_rollout_at, row_version";

        /** The job and the version of its row, without process details. */
        public Optional<StoredJob> job(String jobId) throws SQLException {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + JOB_COLUMNS + " FROM jobs WHERE account_id = ? AND region = ? AND job_id = ?")) {
                s.setString(1, ns.accountId());
                s.setString(2, ns.region());
                s.setString(3, jobId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(readJob(r)) : Optional.empty();
                }
            }
        }

        private StoredJob readJob(ResultSet r) throws SQLException {
            String jobId = r.getString("job_id");
            Job job = new Job(
                    jobId,
                    ns.arn("job", jobId),
                    JobStatus.valueOf(r.getString("status")),
                    TargetSelection.valueOf(r.getString("target_selection")),
                    fromJson(r.getString("targets"), STRINGS),
                    r.getString("description"),
                    r.getString("document"),
                    r.getString("document_source"),
                    fromJson(r.getString("presigned_url_config"), PresignedUrlConfig.class),
                    fromJson(r.getString("rollout_config"), RolloutConfig.class),
                    fromJson(r.getString("abort_config"), AbortConfig.class),
                    fromJson(r.getString("timeout_config"), TimeoutConfig.class),
                    r.getString("job_template_arn"),
                    r.getInt("force_canceled") != 0,
                    r.getString("reason_code"),
                    r.getString("comment"),
                    Sql.requiredInstant(r, "created_at"),
                    Sql.requiredInstant(r, "last_updated_at"),
                    Sql.instant(r, "completed_at"),
                    null);
            return new StoredJob(job, Sql.instant(r, "next_rollout_at"), r.getLong("row_version"));
        }

        public void insertJob(Job job, @Nullable Instant nextRolloutAt) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO jobs (account_id, region, " + JOB_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)")) {
                s.setString(1, ns.accountId());
                s.setString(2, ns.region());
                bindJob(s, 3, job, nextRolloutAt);
                s.executeUpdate();
            }
        }

        /**
         * Writes {@code job} over the row read at {@code stored}'s version.
         *
         * @throws ConcurrentChangeException when the row changed since (the transaction runs again)
         */
        public void updateJob(StoredJob stored, Job job, @Nullable Instant nextRolloutAt) throws SQLException {
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE jobs SET job_id = ?, status = ?, target_selection = ?,"
                            + " targets = ?, description = ?, document = ?, document_source = ?, presigned_url_config = ?,"
                            + " rollout_config = ?, abort_config = ?, timeout_config = ?, job_template_arn = ?,"
                            + " force_canceled = ?, reason_code = ?, comment = ?, created_at = ?, last_updated_at = ?,"
                            + " completed_at = ?, next_rollout_at = ?, row_version = row_version + 1"
                            + " WHERE account_id = ? AND region = ? AND job_id = ? AND row_version = ?")) {
                int i = bindJob(s, 1, job, nextRolloutAt);
                s.setString(i++, ns.accountId());
                s.setString(i++, ns.region());
                s.setString(i++, job.jobId());
                s.setLong(i, stored.rowVersion());
                if (s.executeUpdate() != 1) {
                    throw new ConcurrentChangeException("job " + job.jobId() + " changed concurrently");
                }
            }
        }

        private static int bindJob(PreparedStatement s, int i, Job job, @Nullable Instant nextRolloutAt)
                throws SQLException {
            s.setString(i++, job.jobId());
            s.setString(i++, job.status().name());
            s.setString(i++, job.targetSelection().name());
            s.setString(i++, toJson(job.targets()));
            s.setString(i++, job.description());
            s.setString(i++, job.document());
            s.setString(i++, job.documentSource());
            s.setString(i++, toJson(job.presignedUrlConfig()));
            s.setString(i++, toJson(job.rolloutConfig()));
            s.setString(i++, toJson(job.abortConfig()));
            s.setString(i++, toJson(job.timeoutConfig()));
            s.setString(i++, job.jobTemplateArn());
            s.setInt(i++, job.forceCanceled() ? 1 : 0);
            s.setString(i++, job.reasonCode());
            s.setString(i++, job.comment());
            setInstant(s, i++, job.createdAt());
            setInstant(s, i++, job.lastUpdatedAt());
            setInstant(s, i++, job.completedAt());
            setInstant(s, i++, nextRolloutAt);
            return i;
        }

        /** Deletes the job with its targets and executions. */
        public void deleteJob(String jobId) throws SQLException {
            for (String table : List.of("job_executions", "job_targets", "jobs")) {
                update("DELETE FROM " + table + " WHERE account_id = ? AND region = ? AND job_id = ?", jobId);
            }
        }

        /**
         * Jobs newest first, optionally of one status and target selection; {@code offset} and {@code limit} page.
         */
        public List<Job> jobs(@Nullable JobStatus status, @Nullable TargetSelection selection, int offset, int limit)
                throws SQLException {
            StringBuilder sql =
                    new StringBuilder("SELECT " + JOB_COLUMNS + " FROM jobs WHERE account_id = ? AND region = ?");
            List<String> args = new ArrayList<>(List.of(ns.accountId(), ns.region()));
            if (status != null) {
                sql.append(" AND status = ?");
                args.add(status.name());
            }
            if (selection != null) {
                sql.append(" AND target_selection = ?");
                args.add(selection.name());
            }
            sql.append(" ORDER BY created_at DESC, job_id LIMIT ? OFFSET ?");
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                int i = 1;
                for (String a : args) {
                    s.setString(i++, a);
                }
                s.setInt(i++, limit);
                s.setInt(i, offset);
                List<Job> jobs = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        jobs.add(readJob(r).job());
                    }
                }
                return jobs;
            }
        }

        /** Jobs with work left for a scheduler: a rollout to continue or a deletion to finish. */
        public List<PendingWork> pendingWork() throws SQLException {
            try (PreparedStatement s = c.prepareStatement("SELECT job_id, next_rollout_at, status FROM jobs"
                    + " WHERE account_id = ? AND region = ? AND (next_rollout_at IS NOT NULL OR status = ?)")) {
                s.setString(1, ns.accountId());
                s.setString(2, ns.region());
                s.setString(3, JobStatus.DELETION_IN_PROGRESS.name());
                List<PendingWork> work = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        work.add(new PendingWork(
                                r.getString(1), Sql.instant(r, "next_rollout_at"), JobStatus.valueOf(r.getString(3))));
                    }
                }
                return work;
            }
        }

        /** Counts of the job's executions by status, and the targets not yet rolled out. */
        public JobProcessDetails processDetails(String jobId) throws SQLException {
            Map<JobExecutionStatus, Long> counts = new EnumMap<>(JobExecutionStatus.class);
            try (PreparedStatement s = c.prepareStatement("SELECT status, COUNT(*) FROM job_executions"
                    + " WHERE account_id = ? AND region = ? AND job_id = ? GROUP BY status")) {
                bindKey(s, jobId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        counts.put(JobExecutionStatus.valueOf(r.getString(1)), r.getLong(2));
                    }
                }
            }
            List<String> pending = pendingTargets(jobId, Integer.MAX_VALUE);
            return new JobProcessDetails(
                    pending.isEmpty() ? null : pending,
                    counts.getOrDefault(JobExecutionStatus.CANCELED, 0L),
                    counts.getOrDefault(JobExecutionStatus.SUCCEEDED, 0L),
                    counts.getOrDefault(JobExecutionStatus.FAILED, 0L),
                    counts.getOrDefault(JobExecutionStatus.REJECTED, 0L),
                    counts.getOrDefault(JobExecutionStatus.QUEUED, 0L),
                    counts.getOrDefault(JobExecutionStatus.IN_PROGRESS, 0L),
                    counts.getOrDefault(JobExecutionStatus.REMOVED, 0L),
                    counts.getOrDefault(JobExecutionStatus.TIMED_OUT, 0L));
        }

        // ---- targets

        public void insertTargets(String jobId, List<String> thingNames) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO job_targets (account_id, region, job_id,"
                    + " thing_name, seq, rolled_out_at) VALUES (?, ?, ?, ?, ?, NULL)")) {
                long seq = 0;
                for (String thing : thingNames) {
                    bindKey(s, jobId);
                    s.setString(4, thing);
                    s.setLong(5, seq++);
                    s.addBatch();
                }
                s.executeBatch();
            }
        }

        /** Up to {@code limit} targets without an execution yet, in rollout order. */
        public List<String> pendingTargets(String jobId, int limit) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("SELECT thing_name FROM job_targets WHERE account_id = ?"
                    + " AND region = ? AND job_id = ? AND rolled_out_at IS NULL ORDER BY seq LIMIT ?")) {
                bindKey(s, jobId);
                s.setInt(4, limit);
                return strings(s);
            }
        }

        public void markRolledOut(String jobId, String thingName, Instant at) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("UPDATE job_targets SET rolled_out_at = ? WHERE account_id"
                    + " = ? AND region = ? AND job_id = ? AND thing_name = ? AND rolled_out_at IS NULL")) {
                setInstant(s, 1, at);
                s.setString(2, ns.accountId());
                s.setString(3, ns.region());
                s.setString(4, jobId);
                s.setString(5, thingName);
                if (s.executeUpdate() != 1) {
                    throw new ConcurrentChangeException("target " + thingName + " of " + jobId + " rolled out twice");
                }
            }
        }

        /** Drops a target not yet rolled out (its thing was deleted). */
        public void deletePendingTarget(String jobId, String thingName) throws SQLException {
            update(
                    "DELETE FROM job_targets WHERE account_id = ? AND region = ? AND job_id = ? AND thing_name = ?"
                            + " AND rolled_out_at IS NULL",
                    jobId,
                    thingName);
        }

        /** Jobs with {@code thingName} among their targets not yet rolled out. */
        public List<String> jobsWithPendingTarget(String thingName) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("SELECT job_id FROM job_targets WHERE account_id = ?"
                    + " AND region = ? AND thing_name = ? AND rolled_out_at IS NULL")) {
                s.setString(1, ns.accountId());
                s.setString(2, ns.region());
                s.setString(3, thingName);
                return strings(s);
            }
        }

        // ---- executions

        private static final String EXECUTION_COLUMNS = "job_id, thing_name, execution_number, status, status_details,"
                + " force_canceled, queued_at, started_at, last_updated_at, version_number, in_progress_deadline,"
                + " step_deadline";

        private static JobExecution readExecution(ResultSet r) throws SQLException {
            return new JobExecution(
                    r.getString("job_id"),
                    r.getString("thing_name"),
                    r.getLong("execution_number"),
                    JobExecutionStatus.valueOf(r.getString("status")),
                    fromJson(r.getString("status_details"), DETAILS),
                    r.getInt("force_canceled") != 0,
                    Sql.requiredInstant(r, "queued_at"),
                    Sql.instant(r, "started_at"),
                    Sql.requiredInstant(r, "last_updated_at"),
                    r.getLong("version_number"),
                    Sql.instant(r, "in_progress_deadline"),
                    Sql.instant(r, "step_deadline"));
        }

        /** The execution with this number, or the latest one of the job on the thing when {@code number} is null. */
        public Optional<JobExecution> execution(String jobId, String thingName, @Nullable Long number)
                throws SQLException {
            String sql = "SELECT " + EXECUTION_COLUMNS + " FROM job_executions WHERE account_id = ? AND region = ?"
                    + " AND job_id = ? AND thing_name = ?"
                    + (number == null ? " ORDER BY execution_number DESC LIMIT 1" : " AND execution_number = ?");
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bindKey(s, jobId);
                s.setString(4, thingName);
                if (number != null) {
                    s.setLong(5, number);
                }
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(readExecution(r)) : Optional.empty();
                }
            }
        }

        /**
         * Takes the write lock of the job's executions on the thing for the rest of the transaction, before reading
         * them: writers of one execution then queue instead of racing (a no-op UPDATE locks the rows on PostgreSQL;
         * an SQLite write transaction holds the database lock from BEGIN IMMEDIATE anyway). Later reads see the
         * latest committed row.
         */
        public void lockExecutions(String jobId, String thingName) throws SQLException {
            update(
                    "UPDATE job_executions SET version_number = version_number WHERE account_id = ? AND region = ?"
                            + " AND job_id = ? AND thing_name = ?",
                    jobId,
                    thingName);
        }

        public void insertExecution(JobExecution e) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO job_executions (account_id, region, "
                    + EXECUTION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, ns.accountId());
                s.setString(2, ns.region());
                s.setString(3, e.jobId());
                s.setString(4, e.thingName());
                s.setLong(5, e.executionNumber());
                bindExecutionState(s, 6, e);
                s.executeUpdate();
            }
        }

        /**
         * Writes {@code e} over the row whose version is {@code readVersion}.
         *
         * @throws ConcurrentChangeException when the row changed since it was read
         */
        public void updateExecution(JobExecution e, long readVersion) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("UPDATE job_executions SET status = ?, status_details = ?,"
                    + " force_canceled = ?, queued_at = ?, started_at = ?, last_updated_at = ?, version_number = ?,"
                    + " in_progress_deadline = ?, step_deadline = ? WHERE account_id = ? AND region = ? AND job_id = ?"
                    + " AND thing_name = ? AND execution_number = ? AND version_number = ?")) {
                int i = bindExecutionState(s, 1, e);
                s.setString(i++, ns.accountId());
                s.setString(i++, ns.region());
                s.setString(i++, e.jobId());
                s.setString(i++, e.thingName());
                s.setLong(i++, e.executionNumber());
                s.setLong(i, readVersion);
                if (s.executeUpdate() != 1) {
                    throw new ConcurrentChangeException(
                            "job execution " + e.jobId() + " on " + e.thingName() + " changed concurrently");
                }
            }
        }

        private static int bindExecutionState(PreparedStatement s, int i, JobExecution e) throws SQLException {
            s.setString(i++, e.status().name());
            s.setString(i++, toJson(e.statusDetails()));
            s.setInt(i++, e.forceCanceled() ? 1 : 0);
            setInstant(s, i++, e.queuedAt());
            setInstant(s, i++, e.startedAt());
            setInstant(s, i++, e.lastUpdatedAt());
            s.setLong(i++, e.versionNumber());
            setInstant(s, i++, e.inProgressDeadline());
            setInstant(s, i++, e.stepDeadline());
            return i;
        }

        public void deleteExecution(String jobId, String thingName, long number) throws SQLException {
            update(
                    "DELETE FROM job_executions WHERE account_id = ? AND region = ? AND job_id = ? AND thing_name = ?"
                            + " AND execution_number = ?",
                    jobId,
                    thingName,
                    number);
        }

        /**
         * The thing's pending executions, in the order AWS offers them: IN_PROGRESS before QUEUED, then the oldest
         * queued first (developer guide, "Jobs device MQTT API operations", {@code StartNextPendingJobExecution}).
         */
        public List<JobExecution> pendingExecutions(String thingName) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("SELECT " + EXECUTION_COLUMNS + " FROM job_executions"
                    + " WHERE account_id = ? AND region = ? AND thing_name = ? AND status IN (?, ?)"
                    + " ORDER BY CASE WHEN status = ? THEN 0 ELSE 1 END, queued_at, job_id")) {
                s.setString(1, ns.accountId());
                s.setString(2, ns.region());
                s.setString(3, thingName);
                s.setString(4, JobExecutionStatus.IN_PROGRESS.name());
                s.setString(5, JobExecutionStatus.QUEUED.name());
                s.setString(6, JobExecutionStatus.IN_PROGRESS.name());
                return executions(s);
            }
        }

        /** The job's executions, optionally of one status, ordered by thing; {@code offset}/{@code limit} page. */
        public List<JobExecution> executionsOfJob(
                String jobId, @Nullable JobExecutionStatus status, int offset, int limit) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("SELECT " + EXECUTION_COLUMNS + " FROM job_executions"
                    + " WHERE account_id = ? AND region = ? AND job_id = ?"
                    + (status == null ? "" : " AND status = ?")
                    + " ORDER BY thing_name, execution_number LIMIT ? OFFSET ?")) {
                bindKey(s, jobId);
                int i = 4;
                if (status != null) {
                    s.setString(i++, status.name());
                }
                s.setInt(i++, limit);
                s.setInt(i, offset);
                return executions(s);
            }
        }

        /** The thing's executions, newest first, optionally of one status or job; {@code offset}/{@code limit} page. */
        public List<JobExecution> executionsOfThing(
                String thingName, @Nullable JobExecutionStatus status, @Nullable String jobId, int offset, int limit)
                throws SQLException {
            try (PreparedStatement s = c.prepareStatement("SELECT " + EXECUTION_COLUMNS + " FROM job_executions"
                    + " WHERE account_id = ? AND region = ? AND thing_name = ?"
                    + (status == null ? "" : " AND status = ?")
                    + (jobId == null ? "" : " AND job_id = ?")
                    + " ORDER BY queued_at DESC, job_id, execution_number LIMIT ? OFFSET ?")) {
                s.setString(1, ns.accountId());
                s.setString(2, ns.region());
                s.setString(3, thingName);
                int i = 4;
                if (status != null) {
                    s.setString(i++, status.name());
                }
                if (jobId != null) {
                    s.setString(i++, jobId);
                }
                s.setInt(i++, limit);
                s.setInt(i, offset);
                return executions(s);
            }
        }

        /** Every IN_PROGRESS execution with a timer: what a restart schedules again. */
        public List<Deadline> deadlines() throws SQLException {
            try (PreparedStatement s = c.prepareStatement("SELECT " + EXECUTION_COLUMNS + " FROM job_executions"
                    + " WHERE account_id = ? AND region = ? AND status = ?"
                    + " AND (in_progress_deadline IS NOT NULL OR step_deadline IS NOT NULL)")) {
                s.setString(1, ns.accountId());
                s.setString(2, ns.region());
                s.setString(3, JobExecutionStatus.IN_PROGRESS.name());
                List<Deadline> deadlines = new ArrayList<>();
                for (JobExecution e : executions(s)) {
                    Instant at = e.timeoutDeadline();
                    if (at != null) {
                        deadlines.add(new Deadline(e.jobId(), e.thingName(), e.executionNumber(), at));
                    }
                }
                return deadlines;
            }
        }

        private static List<JobExecution> executions(PreparedStatement s) throws SQLException {
            List<JobExecution> list = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    list.add(readExecution(r));
                }
            }
            return list;
        }

        // ---- templates

        private static final String TEMPLATE_COLUMNS = "job_template_id, description, document, document_source,"
                + " presigned_url_config, rollout_config, abort_config, timeout_config, created_at";

        public Optional<JobTemplate> template(String id) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("SELECT " + TEMPLATE_COLUMNS + " FROM job_templates"
                    + " WHERE account_id = ? AND region = ? AND job_template_id = ?")) {
                bindKey(s, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(readTemplate(r)) : Optional.empty();
                }
            }
        }

        public List<JobTemplate> templates(int offset, int limit) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("SELECT " + TEMPLATE_COLUMNS + " FROM job_templates"
                    + " WHERE account_id = ? AND region = ? ORDER BY created_at DESC, job_template_id"
                    + " LIMIT ? OFFSET ?")) {
                s.setString(1, ns.accountId());
                s.setString(2, ns.region());
                s.setInt(3, limit);
                s.setInt(4, offset);
                List<JobTemplate> list = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        list.add(readTemplate(r));
                    }
                }
                return list;
            }
        }

        private JobTemplate readTemplate(ResultSet r) throws SQLException {
            String id = r.getString("job_template_id");
            return new JobTemplate(
                    id,
                    ns.arn("jobtemplate", id),
                    r.getString("description"),
                    r.getString("document"),
                    r.getString("document_source"),
                    fromJson(r.getString("presigned_url_config"), PresignedUrlConfig.class),
                    fromJson(r.getString("rollout_config"), RolloutConfig.class),
                    fromJson(r.getString("abort_config"), AbortConfig.class),
                    fromJson(r.getString("timeout_config"), TimeoutConfig.class),
                    Sql.requiredInstant(r, "created_at"));
        }

        public void insertTemplate(JobTemplate t) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO job_templates (account_id, region, "
                    + TEMPLATE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, ns.accountId());
                s.setString(2, ns.region());
                s.setString(3, t.jobTemplateId());
                s.setString(4, t.description());
                s.setString(5, t.document());
                s.setString(6, t.documentSource());
                s.setString(7, toJson(t.presignedUrlConfig()));
                s.setString(8, toJson(t.rolloutConfig()));
                s.setString(9, toJson(t.abortConfig()));
                s.setString(10, toJson(t.timeoutConfig()));
                setInstant(s, 11, t.createdAt());
                s.executeUpdate();
            }
        }

        public boolean deleteTemplate(String id) throws SQLException {
            return update("DELETE FROM job_templates WHERE account_id = ? AND region = ? AND job_template_id = ?", id)
                    == 1;
        }

        // ---- helpers

        private void bindKey(PreparedStatement s, String id) throws SQLException {
            s.setString(1, ns.accountId());
            s.setString(2, ns.region());
            s.setString(3, id);
        }

        private int update(String sql, Object... args) throws SQLException {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, ns.accountId());
                s.setString(2, ns.region());
                for (int i = 0; i < args.length; i++) {
                    if (args[i] instanceof Long l) {
                        s.setLong(i + 3, l);
                    } else {
                        s.setString(i + 3, (String) args[i]);
                    }
                }
                return s.executeUpdate();
            }
        }

        private static List<String> strings(PreparedStatement s) throws SQLException {
            List<String> list = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    list.add(r.getString(1));
                }
            }
            return list;
        }
    }

    /** A job as read, with the version of its row and when its rollout continues (null: nothing left to roll out). */
    public record StoredJob(Job job, @Nullable Instant nextRolloutAt, long rowVersion) {}

    static void setInstant(PreparedStatement s, int index, @Nullable Instant value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value.toEpochMilli());
        }
    }

    static @Nullable String toJson(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static <T> @Nullable T fromJson(@Nullable String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is not valid JSON", e);
        }
    }

    static <T> T fromJson(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON column is not valid", e);
        }
    }
}
