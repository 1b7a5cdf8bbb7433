-- SPDX-License-Identifier: GPL-3.0-or-later
-- A lot received on two desks while they were apart is one lot: the server
-- folds the second delivery (same product, same lot number) into the lot it
-- already holds. The second desk's own id for the lot is kept here, pointing
-- at that lot, so what the desk wrote against its id before it heard of the
-- other (a count adjustment, a sale from a chosen lot, a chart entry) still
-- finds the lot instead of being rejected (docs/sync-protocol.md, "Lots
-- received on two desks"). Insert-only; synced like every clinic table.
CREATE TABLE lot_aliases (
  id          TEXT PRIMARY KEY,          -- the id a desk gave the lot
  clinic_id   TEXT NOT NULL REFERENCES clinics (id),
  created_at  INTEGER NOT NULL,
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0,
  deleted_at  INTEGER,
  lot_id      TEXT NOT NULL REFERENCES lots (id)
) STRICT;
CREATE INDEX lot_aliases_lot ON lot_aliases (lot_id);
