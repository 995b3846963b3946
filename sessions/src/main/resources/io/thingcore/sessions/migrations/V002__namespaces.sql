-- thingcore sessions track, version 2: a namespace (account ID and region) leads every key
-- (docs/adr/0007-storage-core-namespaces-and-change-feed.md). Each table is rebuilt with account_id and region first
-- in its primary key, and its rows are carried into the gateway's configured default namespace (${account_id} and
-- ${region}, substituted by the migration runner), the one the broker serves.
-- Portable as version 1 (the payload column keeps its declared type BYTEA).

CREATE TABLE mqtt_sessions_ns (
    account_id      TEXT NOT NULL,
    region          TEXT NOT NULL,
    client_id       TEXT NOT NULL,
    expiry_seconds  BIGINT NOT NULL,
    disconnected_at BIGINT,
    PRIMARY KEY (account_id, region, client_id)
);
INSERT INTO mqtt_sessions_ns
    SELECT '${account_id}', '${region}', client_id, expiry_seconds, disconnected_at FROM mqtt_sessions;

CREATE TABLE mqtt_session_subscriptions_ns (
    account_id TEXT NOT NULL,
    region     TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    filter     TEXT NOT NULL,
    qos        INTEGER NOT NULL,
    no_local   INTEGER NOT NULL,
    PRIMARY KEY (account_id, region, client_id, filter)
);
INSERT INTO mqtt_session_subscriptions_ns
    SELECT '${account_id}', '${region}', client_id, filter, qos, no_local FROM mqtt_session_subscriptions;

CREATE TABLE mqtt_session_messages_ns (
    account_id TEXT NOT NULL,
    region     TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    topic      TEXT NOT NULL,
    payload    BYTEA NOT NULL,
    retain     INTEGER NOT NULL,
    PRIMARY KEY (account_id, region, client_id, seq)
);
INSERT INTO mqtt_session_messages_ns
    SELECT '${account_id}', '${region}', client_id, seq, topic, payload, retain FROM mqtt_session_messages;

DROP TABLE mqtt_sessions;
DROP TABLE mqtt_session_subscriptions;
DROP TABLE mqtt_session_messages;

ALTER TABLE mqtt_sessions_ns RENAME TO mqtt_sessions;
ALTER TABLE mqtt_session_subscriptions_ns RENAME TO mqtt_session_subscriptions;
ALTER TABLE mqtt_session_messages_ns RENAME TO mqtt_session_messages;
