-- thingcore registry track, version 4 on PostgreSQL: the change feed (docs/adr/0009-change-feed.md). The id comes from
-- an identity column, allocated outside the transaction that takes it: ids are unique and increasing in allocation
-- order, not in commit order, and a rolled-back transaction leaves a gap (PostgreSQL documentation, "Sequence
-- Manipulation Functions"). The appliers of the nodes handle both (io.thingcore.registry.feed.Gaps).

CREATE TABLE change_feed (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    family TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    committed_at BIGINT NOT NULL
);
CREATE INDEX change_feed_committed_at ON change_feed (committed_at);
