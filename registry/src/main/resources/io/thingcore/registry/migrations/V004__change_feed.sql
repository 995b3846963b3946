-- thingcore registry track, version 4: the change feed (docs/adr/0009-change-feed.md). Every committed registry write
-- also writes one row per change here, in the same transaction, so that every node sharing the database can apply
-- the change to its in-memory read model and its broker. On SQLite the one writer thread allocates ids in commit
-- order; AUTOINCREMENT never reuses the id of a row that retention deleted (SQLite documentation, "SQLite Autoincrement").

CREATE TABLE change_feed (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    family TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    committed_at BIGINT NOT NULL
);
CREATE INDEX change_feed_committed_at ON change_feed (committed_at);
