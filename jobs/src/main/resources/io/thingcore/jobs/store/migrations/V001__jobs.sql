-- thingcore jobs, schema version 1: jobs, their targets, job executions and job templates (AWS IoT Jobs).
-- Portable between SQLite and PostgreSQL: TEXT, BIGINT and INTEGER only; booleans are INTEGER 0/1; timestamps are
-- epoch milliseconds (BIGINT); the configurations (timeoutConfig, abortConfig, ...) and statusDetails are JSON text
-- as the API carries them. account_id and region lead every key. No foreign keys: a job's rows are deleted together
-- by the store, in one transaction.
-- Statements are separated by a semicolon at the end of a line.

CREATE TABLE jobs (
    account_id           TEXT NOT NULL,
    region               TEXT NOT NULL,
    job_id               TEXT NOT NULL,
    status               TEXT NOT NULL,
    target_selection     TEXT NOT NULL,
    targets              TEXT NOT NULL,
    description          TEXT,
    document             TEXT NOT NULL,
    document_source      TEXT,
    presigned_url_config TEXT,
    rollout_config       TEXT,
    abort_config         TEXT,
    timeout_config       TEXT,
    job_template_arn     TEXT,
    force_canceled       INTEGER NOT NULL,
    reason_code          TEXT,
    comment              TEXT,
    created_at           BIGINT NOT NULL,
    last_updated_at      BIGINT NOT NULL,
    completed_at         BIGINT,
    next_rollout_at      BIGINT,
    row_version          BIGINT NOT NULL,
    PRIMARY KEY (account_id, region, job_id)
);
CREATE INDEX jobs_by_creation ON jobs (account_id, region, created_at);

-- One row per target thing, in the order rollout notifies them; rolled_out_at is null until the thing's execution
-- is queued (JobExecutionsRolloutConfig.maximumPerMinute).
CREATE TABLE job_targets (
    account_id    TEXT NOT NULL,
    region        TEXT NOT NULL,
    job_id        TEXT NOT NULL,
    thing_name    TEXT NOT NULL,
    seq           BIGINT NOT NULL,
    rolled_out_at BIGINT,
    PRIMARY KEY (account_id, region, job_id, thing_name)
);
CREATE INDEX job_targets_pending ON job_targets (account_id, region, job_id, rolled_out_at, seq);

-- version_number is the execution's versionNumber as AWS reports it, and the optimistic lock of the row.
CREATE TABLE job_executions (
    account_id           TEXT NOT NULL,
    region               TEXT NOT NULL,
    job_id               TEXT NOT NULL,
    thing_name           TEXT NOT NULL,
    execution_number     BIGINT NOT NULL,
    status               TEXT NOT NULL,
    status_details       TEXT NOT NULL,
    force_canceled       INTEGER NOT NULL,
    queued_at            BIGINT NOT NULL,
    started_at           BIGINT,
    last_updated_at      BIGINT NOT NULL,
    version_number       BIGINT NOT NULL,
    in_progress_deadline BIGINT,
    step_deadline        BIGINT,
    PRIMARY KEY (account_id, region, job_id, thing_name, execution_number)
);
CREATE INDEX job_executions_by_thing ON job_executions (account_id, region, thing_name, status, queued_at);
CREATE INDEX job_executions_by_status ON job_executions (account_id, region, status, job_id);

CREATE TABLE job_templates (
    account_id           TEXT NOT NULL,
    region               TEXT NOT NULL,
    job_template_id      TEXT NOT NULL,
    description          TEXT NOT NULL,
    document             TEXT NOT NULL,
    document_source      TEXT,
    presigned_url_config TEXT,
    rollout_config       TEXT,
    abort_config         TEXT,
    timeout_config       TEXT,
    created_at           BIGINT NOT NULL,
    PRIMARY KEY (account_id, region, job_template_id)
);
