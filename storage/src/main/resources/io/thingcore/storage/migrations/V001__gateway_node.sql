-- thingcore registry, schema version 3: which gateway node uses this database (issue 11).
-- One node per database until the change feed exists (docs/adr/0006-one-gateway-node-per-database.md). On
-- PostgreSQL the node holds a session-level advisory lock for its lifetime and writes its row here after taking it,
-- so that a second node that is refused can say who holds the database; a node that was killed leaves its row
-- behind, and the next holder replaces it. On SQLite the lock file next to the database says who (its pid), and this
-- table stays empty.
-- Portable as V001: TEXT and BIGINT, started_at in epoch milliseconds.

CREATE TABLE gateway_node (
    node_id    TEXT PRIMARY KEY,
    host       TEXT NOT NULL,
    pid        BIGINT NOT NULL,
    started_at BIGINT NOT NULL
);
