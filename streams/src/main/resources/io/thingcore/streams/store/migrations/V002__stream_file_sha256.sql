-- thingcore streams, schema version 2: the SHA-256 of each stream file as read when the stream was created or last
-- updated (lowercase hex), checked again before an OTA update's job is created. NULL in rows written before this
-- step: those files were never read whole, and only their size can be checked.

ALTER TABLE stream_files ADD COLUMN sha256 TEXT;
