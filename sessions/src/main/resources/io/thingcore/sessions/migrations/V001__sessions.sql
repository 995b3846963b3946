-- thingcore sessions track, version 1: the MQTT broker's persistent sessions (issue 3), written by the broker's
-- session writer through io.thingcore.sessions.JdbcSessionStore. Until the tracks existed this was the registry's
-- migration V002; a database that applied it then records it as (sessions, 1) now.
-- Portable as the registry's V001; the one exception is the payload column: BYTEA on PostgreSQL, and in SQLite a column whose
-- declared type has NUMERIC affinity, which stores BLOB values unchanged.
-- No foreign keys: a session's rows are deleted together by the store, in one transaction.

CREATE TABLE mqtt_sessions (
    client_id       TEXT PRIMARY KEY,
    expiry_seconds  BIGINT NOT NULL,
    disconnected_at BIGINT
);

CREATE TABLE mqtt_session_subscriptions (
    client_id TEXT NOT NULL,
    filter    TEXT NOT NULL,
    qos       INTEGER NOT NULL,
    no_local  INTEGER NOT NULL,
    PRIMARY KEY (client_id, filter)
);

CREATE TABLE mqtt_session_messages (
    client_id TEXT NOT NULL,
    seq       BIGINT NOT NULL,
    topic     TEXT NOT NULL,
    payload   BYTEA NOT NULL,
    retain    INTEGER NOT NULL,
    PRIMARY KEY (client_id, seq)
);
