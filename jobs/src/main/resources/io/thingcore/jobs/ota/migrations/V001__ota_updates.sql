-- OTA updates (iot API model: CreateOTAUpdate, GetOTAUpdate, ListOTAUpdates, DeleteOTAUpdate), keyed by account and
-- region like every other table. info holds the OTAUpdateInfo the API answers, as JSON text; created_stream_id the
-- stream the update created (NULL when its files named an existing stream), which DeleteOTAUpdate's deleteStream removes.
CREATE TABLE ota_updates (
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    ota_update_id TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    info TEXT NOT NULL,
    created_stream_id TEXT,
    PRIMARY KEY (account_id, region, ota_update_id)
);
