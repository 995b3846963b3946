-- thingcore registry, schema version 1.
-- Portable between SQLite and PostgreSQL: TEXT, BIGINT and INTEGER only; booleans are INTEGER 0/1; timestamps are
-- epoch milliseconds (BIGINT); no AUTOINCREMENT/SERIAL: the "seq" columns (creation order, used for stable
-- pagination) are assigned by the registry under its write lock.
-- Statements are separated by a semicolon at the end of a line.

CREATE TABLE account_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE ca_certificates (
    id                TEXT PRIMARY KEY,
    seq               BIGINT NOT NULL UNIQUE,
    pem               TEXT NOT NULL,
    subject           TEXT NOT NULL,
    status            TEXT NOT NULL,
    auto_registration TEXT NOT NULL,
    mode              TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    modified_at       BIGINT NOT NULL,
    customer_version  BIGINT NOT NULL,
    generation_id     TEXT NOT NULL,
    not_before        BIGINT NOT NULL,
    not_after         BIGINT NOT NULL,
    template_body     TEXT,
    role_arn          TEXT,
    template_name     TEXT
);
CREATE INDEX ca_certificates_subject ON ca_certificates (subject);

CREATE TABLE certificates (
    id               TEXT PRIMARY KEY,
    seq              BIGINT NOT NULL UNIQUE,
    ca_id            TEXT,
    pem              TEXT NOT NULL,
    status           TEXT NOT NULL,
    mode             TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    modified_at      BIGINT NOT NULL,
    customer_version BIGINT NOT NULL,
    generation_id    TEXT NOT NULL,
    not_before       BIGINT NOT NULL,
    not_after        BIGINT NOT NULL
);
CREATE INDEX certificates_ca ON certificates (ca_id, seq);

CREATE TABLE policies (
    name            TEXT PRIMARY KEY,
    seq             BIGINT NOT NULL UNIQUE,
    default_version BIGINT NOT NULL,
    next_version    BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    modified_at     BIGINT NOT NULL,
    generation_id   TEXT NOT NULL
);

CREATE TABLE policy_versions (
    policy_name   TEXT NOT NULL REFERENCES policies (name) ON DELETE CASCADE,
    version       BIGINT NOT NULL,
    document      TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    generation_id TEXT NOT NULL,
    PRIMARY KEY (policy_name, version)
);

CREATE TABLE policy_attachments (
    policy_name TEXT NOT NULL REFERENCES policies (name),
    cert_id     TEXT NOT NULL REFERENCES certificates (id) ON DELETE CASCADE,
    seq         BIGINT NOT NULL UNIQUE,
    PRIMARY KEY (policy_name, cert_id)
);
CREATE INDEX policy_attachments_cert ON policy_attachments (cert_id, seq);

CREATE TABLE thing_types (
    name                  TEXT PRIMARY KEY,
    seq                   BIGINT NOT NULL UNIQUE,
    id                    TEXT NOT NULL,
    description           TEXT,
    searchable_attributes TEXT NOT NULL,
    deprecated            INTEGER NOT NULL,
    deprecation_date      BIGINT,
    created_at            BIGINT NOT NULL
);

CREATE TABLE things (
    name       TEXT PRIMARY KEY,
    seq        BIGINT NOT NULL UNIQUE,
    id         TEXT NOT NULL,
    type_name  TEXT REFERENCES thing_types (name),
    version    BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX things_type ON things (type_name, seq);

CREATE TABLE thing_attributes (
    thing_name TEXT NOT NULL REFERENCES things (name) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (thing_name, name)
);
CREATE INDEX thing_attributes_name ON thing_attributes (name, value);

CREATE TABLE thing_principals (
    thing_name TEXT NOT NULL REFERENCES things (name),
    cert_id    TEXT NOT NULL REFERENCES certificates (id),
    type       TEXT NOT NULL,
    seq        BIGINT NOT NULL UNIQUE,
    PRIMARY KEY (thing_name, cert_id)
);
CREATE INDEX thing_principals_cert ON thing_principals (cert_id, seq);

CREATE TABLE tags (
    resource_arn TEXT NOT NULL,
    tag_key      TEXT NOT NULL,
    tag_value    TEXT NOT NULL,
    PRIMARY KEY (resource_arn, tag_key)
);
