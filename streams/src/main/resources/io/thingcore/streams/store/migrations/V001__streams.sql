-- thingcore streams, schema version 1: streams of AWS IoT MQTT-based file delivery and their files.
-- Portable between SQLite and PostgreSQL (TEXT, INTEGER, BIGINT; timestamps in epoch milliseconds).
-- The namespace (account_id, region) leads every key. No foreign keys: a stream's rows are written and deleted
-- together by the store, in one transaction.

CREATE TABLE streams (
    account_id      TEXT NOT NULL,
    region          TEXT NOT NULL,
    stream_id       TEXT NOT NULL,
    version         INTEGER NOT NULL,
    description     TEXT,
    role_arn        TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    last_updated_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, region, stream_id)
);

CREATE INDEX streams_by_creation ON streams (account_id, region, created_at, stream_id);

-- One row per file: the location as the caller gave it (object_version may be NULL) and what was found there when
-- the stream was created or updated (size, pinned version, entity tag), which is what devices receive.
CREATE TABLE stream_files (
    account_id     TEXT NOT NULL,
    region         TEXT NOT NULL,
    stream_id      TEXT NOT NULL,
    file_id        INTEGER NOT NULL,
    bucket         TEXT NOT NULL,
    object_key     TEXT NOT NULL,
    object_version TEXT,
    size_bytes     BIGINT NOT NULL,
    pinned_version TEXT NOT NULL,
    etag           TEXT NOT NULL,
    PRIMARY KEY (account_id, region, stream_id, file_id)
);
