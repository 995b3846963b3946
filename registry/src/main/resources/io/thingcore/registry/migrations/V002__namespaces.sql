-- thingcore registry track, version 2: a namespace (account ID and region) leads every key
-- (docs/adr/0007-storage-core-namespaces-and-change-feed.md).
-- Every table is rebuilt with account_id and region as the first columns of its primary key, of each unique
-- constraint and of each foreign key, and its rows are carried into the gateway's configured default namespace:
-- ${account_id} and ${region} are substituted by the migration runner with the values the gateway starts with.
-- The order keeps both engines' foreign keys satisfied: new tables (suffix _ns) are created and filled parents
-- first, the old tables are dropped children first, then the new tables take the old names (SQLite and PostgreSQL
-- both keep the foreign keys pointing at a renamed table) and the indexes are created on them.
-- Portable as V001.

CREATE TABLE account_settings_ns (
    account_id TEXT NOT NULL,
    region     TEXT NOT NULL,
    name       TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (account_id, region, name)
);
INSERT INTO account_settings_ns (account_id, region, name, value)
    SELECT '${account_id}', '${region}', name, value FROM account_settings;

CREATE TABLE ca_certificates_ns (
    account_id        TEXT NOT NULL,
    region            TEXT NOT NULL,
    id                TEXT NOT NULL,
    seq               BIGINT NOT NULL,
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
    template_name     TEXT,
    PRIMARY KEY (account_id, region, id),
    UNIQUE (account_id, region, seq)
);
INSERT INTO ca_certificates_ns
    SELECT '${account_id}', '${region}', id, seq, pem, subject, status, auto_registration, mode, created_at,
           modified_at, customer_version, generation_id, not_before, not_after, template_body, role_arn,
           template_name
    FROM ca_certificates;

CREATE TABLE certificates_ns (
    account_id       TEXT NOT NULL,
    region           TEXT NOT NULL,
    id               TEXT NOT NULL,
    seq              BIGINT NOT NULL,
    ca_id            TEXT,
    pem              TEXT NOT NULL,
    status           TEXT NOT NULL,
    mode             TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    modified_at      BIGINT NOT NULL,
    customer_version BIGINT NOT NULL,
    generation_id    TEXT NOT NULL,
    not_before       BIGINT NOT NULL,
    not_after        BIGINT NOT NULL,
    PRIMARY KEY (account_id, region, id),
    UNIQUE (account_id, region, seq)
);
INSERT INTO certificates_ns
    SELECT '${account_id}', '${region}', id, seq, ca_id, pem, status, mode, created_at, modified_at,
           customer_version, generation_id, not_before, not_after
    FROM certificates;

CREATE TABLE policies_ns (
    account_id      TEXT NOT NULL,
    region          TEXT NOT NULL,
    name            TEXT NOT NULL,
    seq             BIGINT NOT NULL,
    default_version BIGINT NOT NULL,
    next_version    BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    modified_at     BIGINT NOT NULL,
    generation_id   TEXT NOT NULL,
    PRIMARY KEY (account_id, region, name),
    UNIQUE (account_id, region, seq)
);
INSERT INTO policies_ns
    SELECT '${account_id}', '${region}', name, seq, default_version, next_version, created_at, modified_at,
           generation_id
    FROM policies;

CREATE TABLE policy_versions_ns (
    account_id    TEXT NOT NULL,
    region        TEXT NOT NULL,
    policy_name   TEXT NOT NULL,
    version       BIGINT NOT NULL,
    document      TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    generation_id TEXT NOT NULL,
    PRIMARY KEY (account_id, region, policy_name, version),
    FOREIGN KEY (account_id, region, policy_name) REFERENCES policies_ns (account_id, region, name)
        ON DELETE CASCADE
);
INSERT INTO policy_versions_ns
    SELECT '${account_id}', '${region}', policy_name, version, document, created_at, generation_id
    FROM policy_versions;

CREATE TABLE policy_attachments_ns (
    account_id  TEXT NOT NULL,
    region      TEXT NOT NULL,
    policy_name TEXT NOT NULL,
    cert_id     TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    PRIMARY KEY (account_id, region, policy_name, cert_id),
    UNIQUE (account_id, region, seq),
    FOREIGN KEY (account_id, region, policy_name) REFERENCES policies_ns (account_id, region, name),
    FOREIGN KEY (account_id, region, cert_id) REFERENCES certificates_ns (account_id, region, id)
        ON DELETE CASCADE
);
INSERT INTO policy_attachments_ns
    SELECT '${account_id}', '${region}', policy_name, cert_id, seq FROM policy_attachments;

CREATE TABLE thing_types_ns (
    account_id            TEXT NOT NULL,
    region                TEXT NOT NULL,
    name                  TEXT NOT NULL,
    seq                   BIGINT NOT NULL,
    id                    TEXT NOT NULL,
    description           TEXT,
    searchable_attributes TEXT NOT NULL,
    deprecated            INTEGER NOT NULL,
    deprecation_date      BIGINT,
    created_at            BIGINT NOT NULL,
    PRIMARY KEY (account_id, region, name),
    UNIQUE (account_id, region, seq)
);
INSERT INTO thing_types_ns
    SELECT '${account_id}', '${region}', name, seq, id, description, searchable_attributes, deprecated,
           deprecation_date, created_at
    FROM thing_types;

CREATE TABLE things_ns (
    account_id TEXT NOT NULL,
    region     TEXT NOT NULL,
    name       TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    id         TEXT NOT NULL,
    type_name  TEXT,
    version    BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, region, name),
    UNIQUE (account_id, region, seq),
    FOREIGN KEY (account_id, region, type_name) REFERENCES thing_types_ns (account_id, region, name)
);
INSERT INTO things_ns
    SELECT '${account_id}', '${region}', name, seq, id, type_name, version, created_at FROM things;

CREATE TABLE thing_attributes_ns (
    account_id TEXT NOT NULL,
    region     TEXT NOT NULL,
    thing_name TEXT NOT NULL,
    name       TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (account_id, region, thing_name, name),
    FOREIGN KEY (account_id, region, thing_name) REFERENCES things_ns (account_id, region, name)
        ON DELETE CASCADE
);
INSERT INTO thing_attributes_ns
    SELECT '${account_id}', '${region}', thing_name, name, value FROM thing_attributes;

CREATE TABLE thing_principals_ns (
    account_id TEXT NOT NULL,
    region     TEXT NOT NULL,
    thing_name TEXT NOT NULL,
    cert_id    TEXT NOT NULL,
    type       TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    PRIMARY KEY (account_id, region, thing_name, cert_id),
    UNIQUE (account_id, region, seq),
    FOREIGN KEY (account_id, region, thing_name) REFERENCES things_ns (account_id, region, name),
    FOREIGN KEY (account_id, region, cert_id) REFERENCES certificates_ns (account_id, region, id)
);
INSERT INTO thing_principals_ns
    SELECT '${account_id}', '${region}', thing_name, cert_id, type, seq FROM thing_principals;

CREATE TABLE tags_ns (
    account_id   TEXT NOT NULL,
    region       TEXT NOT NULL,
    resource_arn TEXT NOT NULL,
    tag_key      TEXT NOT NULL,
    tag_value    TEXT NOT NULL,
    PRIMARY KEY (account_id, region, resource_arn, tag_key)
);
INSERT INTO tags_ns
    SELECT '${account_id}', '${region}', resource_arn, tag_key, tag_value FROM tags;

DROP TABLE thing_principals;
DROP TABLE policy_attachments;
DROP TABLE thing_attributes;
DROP TABLE things;
DROP TABLE thing_types;
DROP TABLE policy_versions;
DROP TABLE policies;
DROP TABLE certificates;
DROP TABLE ca_certificates;
DROP TABLE tags;
DROP TABLE account_settings;

ALTER TABLE account_settings_ns RENAME TO account_settings;
ALTER TABLE ca_certificates_ns RENAME TO ca_certificates;
ALTER TABLE certificates_ns RENAME TO certificates;
ALTER TABLE policies_ns RENAME TO policies;
ALTER TABLE policy_versions_ns RENAME TO policy_versions;
ALTER TABLE policy_attachments_ns RENAME TO policy_attachments;
ALTER TABLE thing_types_ns RENAME TO thing_types;
ALTER TABLE things_ns RENAME TO things;
ALTER TABLE thing_attributes_ns RENAME TO thing_attributes;
ALTER TABLE thing_principals_ns RENAME TO thing_principals;
ALTER TABLE tags_ns RENAME TO tags;

CREATE INDEX ca_certificates_subject ON ca_certificates (account_id, region, subject);
CREATE INDEX certificates_ca ON certificates (account_id, region, ca_id, seq);
CREATE INDEX policy_attachments_cert ON policy_attachments (account_id, region, cert_id, seq);
CREATE INDEX things_type ON things (account_id, region, type_name, seq);
CREATE INDEX thing_attributes_name ON thing_attributes (account_id, region, name, value);
CREATE INDEX thing_principals_cert ON thing_principals (account_id, region, cert_id, seq);
