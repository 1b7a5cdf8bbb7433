-- SPDX-License-Identifier: GPL-3.0-or-later
-- The desktop's blob worker (docs/sync-protocol.md, "Desktop blob worker").
--
-- A photo names its thumbnail too (a PNG blob made at import), so a desk
-- that pulls the photo can fetch the small file eagerly and the original
-- only when someone opens it. NULL for photos imported before.
ALTER TABLE photos ADD COLUMN thumb_sha256 TEXT;
CREATE INDEX photos_blob ON photos (blob_sha256);
CREATE INDEX photos_thumb ON photos (thumb_sha256) WHERE thumb_sha256 IS NOT NULL;

-- The upload state of a blob this device holds (the blobs table is
-- device-local): uploaded_at once the server confirmed it; a blob the
-- server refused keeps the reason and when, and is not tried again until
-- the worker starts anew.
ALTER TABLE blobs ADD COLUMN upload_error TEXT;
ALTER TABLE blobs ADD COLUMN upload_failed_at INTEGER;
CREATE INDEX blobs_to_upload ON blobs (created_at) WHERE uploaded_at IS NULL AND have_local = 1;
