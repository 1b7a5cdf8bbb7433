-- SPDX-License-Identifier: GPL-3.0-or-later
-- The clinic server's sync bookkeeping (docs/sync-protocol.md). Both tables
-- are written by aesthetix-server only, under the clinic's write lock, in the
-- same transaction as the mutations they describe; a desktop store keeps
-- them empty. Neither table syncs.

-- The last mutation id applied (or rejected) per pushing client: a push
-- skips ids at or below it, so a retried batch is harmless.
CREATE TABLE sync_clients (
  client_id         TEXT PRIMARY KEY,
  device_id         TEXT NOT NULL,
  last_mutation_id  INTEGER NOT NULL DEFAULT 0,
  updated_at        INTEGER NOT NULL
) STRICT;

-- One entry per synced row: the server version it was last given (the row's
-- own `version` column holds the same number). A pull reads this in version
-- order; a row changed again moves to its new version.
CREATE TABLE sync_changes (
  version  INTEGER PRIMARY KEY,
  tbl      TEXT NOT NULL,
  row_id   TEXT NOT NULL,
  UNIQUE (tbl, row_id)
) STRICT;
