-- OTA updates (iot API model: CreateOTAUpdate, GetOTAUpdate, ListOTAUpdates, DeleteOTAUpdate), keyed by account and
-- region like every other table. info holds the OTAUpdateInfo the API answers, as JSON text.
CREATE TABLE ota_updates (
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    ota_update_id TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    info TEXT NOT NULL,
    PRIMARY KEY (account_id, region, ota_update_id)
);
