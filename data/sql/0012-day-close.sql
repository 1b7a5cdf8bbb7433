-- SPDX-License-Identifier: GPL-3.0-or-later
-- Day close: the cash counted in a terminal's drawer at the end of a business
-- day (docs/receipts.md, "Day close and the Z report"). One live close per
-- terminal and local date; what the drawer should hold is computed by
-- day.close from the payments and kept beside the count, so the Z report of a
-- closed day shows the figures the cashier saw when closing it.

CREATE TABLE day_closes (
  id                  TEXT PRIMARY KEY,
  clinic_id           TEXT NOT NULL REFERENCES clinics (id),
  created_at          INTEGER NOT NULL,
  updated_at          TEXT NOT NULL,
  version             INTEGER NOT NULL DEFAULT 0,
  deleted_at          INTEGER,
  device_id           TEXT NOT NULL REFERENCES devices (id),
  business_date       TEXT NOT NULL,                    -- the clinic's local YYYY-MM-DD
  from_ms             INTEGER NOT NULL,                 -- local midnight to midnight, UTC ms
  to_ms               INTEGER NOT NULL,
  opening_float       INTEGER NOT NULL DEFAULT 0 CHECK (opening_float >= 0),
  expected_cash       INTEGER NOT NULL,
  counted_cash        INTEGER NOT NULL CHECK (counted_cash >= 0),
  denominations_json  TEXT CHECK (denominations_json IS NULL OR json_valid (denominations_json)),
  note                TEXT,
  closed_by           TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX day_closes_key ON day_closes (clinic_id, device_id, business_date)
  WHERE deleted_at IS NULL;
